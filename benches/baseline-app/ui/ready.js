// Same mark as the app's: the frame after the first painted one.
requestAnimationFrame(() => requestAnimationFrame(() => window.__TAURI__.core.invoke("ready")));
