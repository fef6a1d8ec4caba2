//! WebKitWebDriver, spoken to directly over W3C WebDriver (JSON over HTTP), with one kept-alive
//! connection. Only the handful of calls the tests need.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use base64::Engine;
use serde_json::{json, Value};

use super::process::Spawned;
use super::wait;

/// W3C's key for an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Driver {
    pub base: String,
    http: reqwest::blocking::Client,
    _process: Spawned,
}

/// A port nobody listens on now, and that this test process has not handed out before (tests run
/// in parallel threads: a port freed by one could otherwise be picked again by another).
fn free_port() -> u16 {
    static HANDED_OUT: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());
    let mut handed_out = HANDED_OUT.lock().unwrap_or_else(|p| p.into_inner());
    loop {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if !handed_out.contains(&port) {
            handed_out.push(port);
            return port;
        }
    }
}

/// Whether process `pid` itself listens on TCP `port` (Linux: its socket inodes in /proc/PID/fd
/// against the listening sockets in /proc/net/tcp*). Another process answering on the same port
/// (say, a driver of a test running beside this one) does not count.
fn listens(pid: u32, port: u16) -> bool {
    let inodes: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|fd| std::fs::read_link(fd.path()).ok())
        .filter_map(|link| link.to_str()?.strip_prefix("socket:[")?.strip_suffix(']').map(str::to_owned))
        .collect();
    ["/proc/net/tcp", "/proc/net/tcp6"].iter().any(|table| {
        std::fs::read_to_string(table).unwrap_or_default().lines().skip(1).any(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let local_port = fields.get(1).and_then(|a| a.rsplit(':').next()).and_then(|p| u16::from_str_radix(p, 16).ok());
            fields.get(3) == Some(&"0A") && local_port == Some(port) && fields.get(9).is_some_and(|inode| inodes.iter().any(|i| i == inode))
        })
    })
}

impl Driver {
    /// Starts WebKitWebDriver with `env` (display, bus, XDG folders...), which the app it
    /// launches inherits, and waits until it listens and answers `/status`. If the port was taken
    /// meanwhile (the driver exits), it tries another one.
    pub fn start(env: &[(String, String)]) -> Driver {
        for _attempt in 0..5 {
            let port = free_port();
            let mut command = Command::new("WebKitWebDriver");
            command
                .arg(format!("--port={port}"))
                .env_clear()
                .env("PATH", std::env::var("PATH").unwrap_or_default())
                .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                // Without it the new-session request hangs: Tauri only accepts automation when asked.
                .env("TAURI_WEBVIEW_AUTOMATION", "true")
                .stdout(Stdio::null());
            let mut process = Spawned::start("WebKitWebDriver", command);
            let pid = process.pid();
            let listening = wait::until("WebKitWebDriver to listen or give up", Duration::from_secs(20), || {
                if listens(pid, port) {
                    Some(true)
                } else if !process.is_running() {
                    Some(false)
                } else {
                    None
                }
            });
            if !listening {
                continue;
            }
            let http = reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(60))
                .pool_max_idle_per_host(1)
                .build()
                .unwrap();
            let base = format!("http://127.0.0.1:{port}");
            wait::until("WebKitWebDriver to answer", Duration::from_secs(20), || {
                http.get(format!("{base}/status")).send().ok().filter(|r| r.status().is_success())
            });
            return Driver { base, http, _process: process };
        }
        panic!("WebKitWebDriver could not listen on any of 5 free ports");
    }

    fn request(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Result<Value, String> {
        let mut request = self.http.request(method.clone(), format!("{}{}", self.base, path));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().map_err(|e| format!("{method} {path}: {e}"))?;
        let status = response.status();
        let value: Value = response.json().map_err(|e| format!("{method} {path}: bad JSON: {e}"))?;
        if status.is_success() {
            Ok(value["value"].clone())
        } else {
            Err(format!("{method} {path} -> {status}: {}", value["value"]))
        }
    }

    /// Opens a session: WebKitWebDriver starts `binary` (the app) with `args`.
    pub fn new_session(self, binary: &Path, args: &[&str]) -> Session {
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "webkitgtk:browserOptions": { "binary": binary.display().to_string(), "args": args }
            }}
        });
        let value = self.request(reqwest::Method::POST, "/session", Some(capabilities)).expect("a WebDriver session");
        let id = value["sessionId"].as_str().expect("sessionId").to_owned();
        Session { driver: self, id }
    }
}

/// A WebDriver session on the app: the app runs as long as the session does.
pub struct Session {
    driver: Driver,
    pub id: String,
}

#[derive(Clone, Debug)]
pub struct Element(String);

impl Session {
    fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Result<Value, String> {
        self.driver.request(method, &format!("/session/{}{}", self.id, path), body)
    }

    pub fn try_find(&self, css: &str) -> Option<Element> {
        let value = self.call(reqwest::Method::POST, "/element", Some(json!({"using": "css selector", "value": css}))).ok()?;
        value[ELEMENT_KEY].as_str().map(|id| Element(id.to_owned()))
    }

    /// Waits until an element matching `css` is in the page and returns it.
    pub fn wait_for(&self, css: &str) -> Element {
        wait::until(&format!("an element matching {css:?}"), Duration::from_secs(30), || self.try_find(css))
    }

    /// Waits until the element matching `css` shows text containing `needle`; returns its text.
    pub fn wait_for_text(&self, css: &str, needle: &str) -> String {
        wait::until(&format!("{css:?} to show {needle:?}"), Duration::from_secs(30), || {
            let element = self.try_find(css)?;
            let text = self.text(&element).ok()?;
            text.contains(needle).then_some(text)
        })
    }

    pub fn text(&self, element: &Element) -> Result<String, String> {
        self.call(reqwest::Method::GET, &format!("/element/{}/text", element.0), None)
            .map(|v| v.as_str().unwrap_or_default().to_owned())
    }

    pub fn attribute(&self, element: &Element, name: &str) -> Option<String> {
        self.call(reqwest::Method::GET, &format!("/element/{}/attribute/{name}", element.0), None)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
    }

    /// Finds the element matching `css` and clicks it, finding it again when the page re-drew it
    /// in between (a stale reference) or something still covered it; fails after 30 s.
    pub fn click_on(&self, css: &str) {
        let mut last = String::new();
        let done = wait::poll_for(Duration::from_secs(30), || {
            let element = self.try_find(css)?;
            match self.call(reqwest::Method::POST, &format!("/element/{}/click", element.0), Some(json!({}))) {
                Ok(_) => Some(()),
                Err(error) if error.contains("stale element") || error.contains("intercepted") || error.contains("not interactable") => {
                    last = error;
                    None
                }
                Err(error) => panic!("click on {css:?}: {error}"),
            }
        });
        assert!(done.is_some(), "could not click {css:?} within 30 s: {last}");
    }

    pub fn click(&self, element: &Element) {
        self.call(reqwest::Method::POST, &format!("/element/{}/click", element.0), Some(json!({})))
            .expect("click");
    }

    pub fn type_text(&self, element: &Element, text: &str) {
        self.call(reqwest::Method::POST, &format!("/element/{}/value", element.0), Some(json!({"text": text})))
            .expect("type");
    }

    /// Runs `script` in the page (as a function body) and returns what it returns.
    pub fn execute(&self, script: &str, args: Value) -> Result<Value, String> {
        self.call(reqwest::Method::POST, "/execute/sync", Some(json!({"script": script, "args": args})))
    }

    /// Runs `script` in the page without waiting for its answer, which goes through the app's
    /// main thread: for a script that starts something holding that thread (a save paused by a
    /// crash test), whose answer would never come. The request runs on a thread of its own with
    /// its own connection, and ends with the app.
    pub fn execute_detached(&self, script: &str) {
        let url = format!("{}/session/{}/execute/sync", self.driver.base, self.id);
        let body = json!({"script": script, "args": []});
        std::thread::spawn(move || {
            let client = reqwest::blocking::Client::builder().timeout(Duration::from_secs(300)).build().unwrap();
            let _ = client.post(url).json(&body).send();
        });
    }

    /// Runs an async script: it gets a callback as its last argument and must call it once.
    pub fn execute_async(&self, script: &str, args: Value) -> Result<Value, String> {
        self.call(reqwest::Method::POST, "/execute/async", Some(json!({"script": script, "args": args})))
    }

    /// Calls an app command from the page, as its screens do; `Err` holds what the backend (or
    /// Tauri's permission check) answered.
    pub fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        let answer = self
            .execute_async(
                "const [cmd, args, done] = arguments;
                 window.__TAURI__.core.invoke(cmd, args).then((ok) => done({ ok }), (failed) => done({ failed: failed ?? 'failed' }));",
                json!([command, args]),
            )
            .expect("the page runs the call");
        match answer.get("failed") {
            Some(failed) if !failed.is_null() => Err(failed.clone()),
            _ => Ok(answer["ok"].clone()),
        }
    }

    /// WebKitWebDriver's process id: the app is its child.
    pub fn driver_pid(&self) -> u32 {
        self.driver._process.pid()
    }

    pub fn title(&self) -> String {
        self.call(reqwest::Method::GET, "/title", None).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
    }

    /// Waits until the page has painted its current DOM: two animation frames, the first to
    /// let style and layout run, the second to know that frame reached the screen. A snapshot
    /// taken right after a DOM change otherwise still shows the previous frame.
    pub fn wait_for_paint(&self) {
        self.execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            json!([]),
        )
        .expect("the page to paint");
    }

    /// Presses keys as a keyboard would (W3C actions): each string's characters are key presses,
    /// with WebDriver's codes for special keys ("\u{E004}" Tab, "\u{E007}" Enter, "\u{E00D}" Space).
    pub fn press_keys(&self, keys: &str) {
        let mut actions = Vec::new();
        for key in keys.chars() {
            actions.push(json!({"type": "keyDown", "value": key.to_string()}));
            actions.push(json!({"type": "keyUp", "value": key.to_string()}));
        }
        self.call(reqwest::Method::POST, "/actions", Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})))
            .expect("key presses");
    }

    /// Resizes the current window (W3C "Set Window Rect").
    pub fn set_window_size(&self, width: u32, height: u32) {
        self.call(reqwest::Method::POST, "/window/rect", Some(json!({"width": width, "height": height})))
            .expect("resize the window");
    }

    /// A PNG of the app's window.
    ///
    /// WebKitWebDriver takes the picture after the page's next rendering update. The app draws
    /// without WebKit's compositing mode (src-tauri/rendering.rs), where a page that does not
    /// change has no next update and the request would wait for ever: so a 1×1 pixel in the
    /// corner, almost transparent, changes every frame until the picture is taken.
    pub fn screenshot_png(&self) -> Vec<u8> {
        const NUDGE: &str = "const n = document.createElement('div'); n.id = 'webdriver-repaint-nudge';\
            Object.assign(n.style, {position: 'fixed', right: '0', bottom: '0', width: '1px', height: '1px', pointerEvents: 'none'});\
            document.documentElement.appendChild(n); let i = 0;\
            const tick = () => { if (!n.isConnected) return; n.style.background = (i++ % 2) ? 'rgba(0,0,0,0.02)' : 'rgba(0,0,0,0.01)'; requestAnimationFrame(tick); };\
            requestAnimationFrame(tick);";
        let _ = self.execute(NUDGE, json!([]));
        let value = self.call(reqwest::Method::GET, "/screenshot", None);
        let _ = self.execute("document.getElementById('webdriver-repaint-nudge')?.remove();", json!([]));
        let value = value.expect("screenshot");
        base64::engine::general_purpose::STANDARD.decode(value.as_str().unwrap_or_default()).expect("base64 PNG")
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Ends the session, which closes the app; the driver's process group is killed after.
        let _ = self.call(reqwest::Method::DELETE, "", None);
    }
}

// Windows (W3C window handles), for tests that open a second window.
impl Session {
    /// The handles of every window the driver can reach.
    pub fn window_handles(&self) -> Vec<String> {
        self.call(reqwest::Method::GET, "/window/handles", None)
            .map(|v| v.as_array().map(|a| a.iter().filter_map(|h| h.as_str().map(str::to_owned)).collect()).unwrap_or_default())
            .unwrap_or_default()
    }

    /// The current window's handle.
    pub fn window_handle(&self) -> Option<String> {
        self.call(reqwest::Method::GET, "/window", None).ok().and_then(|v| v.as_str().map(str::to_owned))
    }

    /// Makes `handle` the window the next commands go to.
    pub fn switch_to_window(&self, handle: &str) -> Result<(), String> {
        self.call(reqwest::Method::POST, "/window", Some(json!({ "handle": handle }))).map(|_| ())
    }
}
