#!/usr/bin/env python3
"""Checks .github/workflows/release.yml, which cannot run on the project's own machines.

It must be valid YAML with the shape GitHub expects, run on version tags, build every installer
the README promises, use only inputs tauri-action v1 documents, and never put a secret where a
fork without it would break the build. Run by ./dev test; exit code 1 with the reasons when not.
"""

import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github/workflows/release.yml"

# tauri-action v1's inputs as its README lists them (v1 renamed includeUpdaterJson to
# uploadUpdaterJson and assetNamePattern to releaseAssetNamePattern, and removed includeDebug,
# includeRelease and updaterJsonKeepUniversal).
TAURI_ACTION_INPUTS = {
    "projectPath", "uploadUpdaterJson", "updaterJsonPreferNsis", "tauriScript", "args", "retryAttempts",
    "releaseId", "tagName", "releaseName", "releaseBody", "releaseDraft", "prerelease", "releaseCommitish",
    "generateReleaseNotes", "owner", "repo", "githubBaseUrl", "isGitea", "releaseAssetNamePattern",
    "uploadPlainBinary", "uploadWorkflowArtifacts", "workflowArtifactNamePattern", "uploadUpdaterSignatures",
}

problems = []


def check(condition, message):
    if not condition:
        problems.append(message)


def main():
    text = WORKFLOW.read_text()
    workflow = yaml.safe_load(text)
    # YAML 1.1 reads the key `on` as True.
    triggers = workflow.get("on", workflow.get(True))
    check(isinstance(triggers, dict) and "push" in triggers, "runs on push")
    tags = (triggers or {}).get("push", {}).get("tags", [])
    check(any(t.startswith("v") for t in tags), f"runs on version tags (v*), has {tags}")
    check(workflow.get("permissions", {}).get("contents") == "write", "may write releases (permissions: contents: write)")

    jobs = workflow.get("jobs", {})
    deps = jobs.get("dependencies")
    check(deps is not None, "has the dependencies job (cargo deny with advisories)")
    if deps is not None:
        runs = " ".join(str(s.get("run", "")) for s in deps.get("steps", []))
        check("cargo install cargo-deny" in runs and "--locked" in runs, "installs cargo-deny with --locked")
        check(re.search(r"check advisories licenses bans sources", runs) is not None, "runs cargo deny check with advisories, licenses, bans and sources")
        for target in ["x86_64-unknown-linux-gnu", "x86_64-pc-windows-msvc", "aarch64-apple-darwin", "x86_64-apple-darwin"]:
            check(f"--target {target}" in runs, f"checks dependencies for {target}")
        check(re.search(r"^CARGO_DENY_VERSION=\d+\.\d+\.\d+$", (ROOT / "dev").read_text(), re.M) is not None, "dev pins CARGO_DENY_VERSION")
    installers = jobs.get("installers")
    check(installers is not None, "has the installers job")
    if installers is None:
        return
    needs = installers.get("needs", [])
    check("dependencies" in (needs if isinstance(needs, list) else [needs]), "installers wait for the dependencies job")
    matrix = installers["strategy"]["matrix"]["include"]
    bundles = {}
    for entry in matrix:
        found = re.search(r"--bundles (\S+)", entry.get("args", ""))
        bundles[entry["platform"].split("-")[0]] = set(found.group(1).split(",")) if found else set()
    check({"msi", "nsis"} <= bundles.get("windows", set()), f"Windows builds msi and nsis: {bundles.get('windows')}")
    check({"dmg"} <= bundles.get("macos", set()), f"macOS builds a dmg: {bundles.get('macos')}")
    check({"deb", "appimage"} <= bundles.get("ubuntu", set()), f"Linux builds deb and AppImage: {bundles.get('ubuntu')}")
    mac = next((e for e in matrix if e["platform"].startswith("macos")), {})
    check("universal-apple-darwin" in mac.get("args", ""), "the macOS app is universal")

    steps = installers["steps"]
    actions = [s for s in steps if str(s.get("uses", "")).startswith("tauri-apps/tauri-action@")]
    check(len(actions) == 1, "one tauri-action step")
    for step in steps:
        check("uses" in step or "run" in step, f"step {step.get('name')} uses an action or runs a command")
    if actions:
        action = actions[0]
        check(action["uses"] == "tauri-apps/tauri-action@v1", f"tauri-action v1: {action['uses']}")
        inputs = set(action.get("with", {}))
        check(inputs <= TAURI_ACTION_INPUTS, f"unknown tauri-action inputs: {sorted(inputs - TAURI_ACTION_INPUTS)}")
        check(action["with"].get("releaseDraft") is True, "the release is a draft")
        check(action["with"].get("uploadUpdaterJson") is True, "uploads latest.json")
        env = action.get("env", {})
        check("TAURI_SIGNING_PRIVATE_KEY" in env, "the updater key reaches the build")
        # Apple variables must not be set (even empty) when the certificate is missing.
        check(not any(k.startswith("APPLE_") for k in env), "no APPLE_* variable is set unconditionally on the build step")

    for name in ["HAS_UPDATER_KEY", "HAS_WINDOWS_CERTIFICATE", "HAS_APPLE_CERTIFICATE"]:
        check(name in installers.get("env", {}), f"job env says whether {name[4:].lower()} exists")
        check(any(f"env.{name}" in str(s.get("if", "")) for s in steps), f"a step depends on {name}")
    check("RELEASE-PUBLIC-KEY-NOT-SET" in text, "refuses to sign updates while the public key is the placeholder")
    check((ROOT / "tauri.updater.conf.json").is_file(), "tauri.updater.conf.json exists")


main()
if problems:
    print(f"{WORKFLOW.relative_to(ROOT)}:", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    sys.exit(1)
print(f"{WORKFLOW.relative_to(ROOT)}: valid ({len(yaml.safe_load(WORKFLOW.read_text())['jobs'])} jobs)")
