/**
 * The wiring map's stylesheet: everything the SVG (svg.ts) looks like is here, as CSS classes
 * and custom properties (`--kp-*`), so one SVG follows a light or dark page (prefers-color-scheme)
 * on its own and the editor's theme in the webview (WEBVIEW_THEME_CSS maps the properties to
 * VS Code's theme variables, high contrast included).
 */
export const WIRING_CSS = `
.kp-wiring {
  --kp-fg: #1f2328; --kp-muted: #59636e; --kp-edge: #6e7781; --kp-error: #d1242f; --kp-warning: #9a6700;
  --kp-focus: #0969da; --kp-group-border: #afb8c1; --kp-group-bg: rgba(127, 127, 127, 0.06); --kp-label-bg: #ffffff;
  --kp-entry-bg: #ddf4ff; --kp-entry-border: #54aeff; --kp-service-bg: #dafbe1; --kp-service-border: #4ac26b;
  --kp-workload-bg: #fbefff; --kp-workload-border: #c297ff; --kp-endpoints-bg: #f6f8fa; --kp-endpoints-border: #8c959f;
  --kp-external-bg: #fff8c5; --kp-external-border: #d4a72c; --kp-missing-bg: #ffebe9; --kp-border-width: 1.2px;
  font-family: var(--kp-font, system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif);
}
@media (prefers-color-scheme: dark) {
  .kp-wiring {
    --kp-fg: #e6edf3; --kp-muted: #9198a1; --kp-edge: #8b949e; --kp-error: #ff7b72; --kp-warning: #d29922;
    --kp-focus: #4493f8; --kp-group-border: #3d444d; --kp-label-bg: #0d1117;
    --kp-entry-bg: #0c2d6b; --kp-entry-border: #4493f8; --kp-service-bg: #0f3d1f; --kp-service-border: #3fb950;
    --kp-workload-bg: #2f1d4d; --kp-workload-border: #a371f7; --kp-endpoints-bg: #21262d; --kp-endpoints-border: #6e7681;
    --kp-external-bg: #3b2e00; --kp-external-border: #d29922; --kp-missing-bg: #3d0f0f;
  }
}
.kp-wiring text { fill: var(--kp-fg); font-size: 11px; }
.kp-wiring .kp-title { font-weight: 600; font-size: 12px; }
.kp-wiring .kp-line { fill: var(--kp-muted); }
.kp-wiring .kp-group rect { fill: var(--kp-group-bg); stroke: var(--kp-group-border); stroke-dasharray: 5 4; }
.kp-wiring .kp-group text { fill: var(--kp-muted); font-size: 11px; font-weight: 600; }
.kp-wiring .kp-node rect { stroke-width: var(--kp-border-width); }
.kp-wiring .kp-entry rect { fill: var(--kp-entry-bg); stroke: var(--kp-entry-border); }
.kp-wiring .kp-service rect { fill: var(--kp-service-bg); stroke: var(--kp-service-border); }
.kp-wiring .kp-workload rect { fill: var(--kp-workload-bg); stroke: var(--kp-workload-border); }
.kp-wiring .kp-endpoints rect { fill: var(--kp-endpoints-bg); stroke: var(--kp-endpoints-border); }
.kp-wiring .kp-external rect { fill: var(--kp-external-bg); stroke: var(--kp-external-border); }
.kp-wiring .kp-missing rect { fill: var(--kp-missing-bg); stroke: var(--kp-error); stroke-dasharray: 4 3; }
.kp-wiring .kp-node.kp-error rect { stroke: var(--kp-error); stroke-width: 2px; stroke-dasharray: 4 3; }
.kp-wiring .kp-node.kp-warning rect { stroke: var(--kp-warning); stroke-width: 2px; stroke-dasharray: 4 3; }
.kp-wiring .kp-edge path { fill: none; stroke: var(--kp-edge); stroke-width: 1.4px; }
.kp-wiring .kp-edge-call path { stroke-dasharray: 2 3; }
.kp-wiring .kp-edge-call .kp-hit { stroke-dasharray: none; }
.kp-wiring .kp-edge.kp-error path { stroke: var(--kp-error); stroke-width: 2px; stroke-dasharray: 6 4; }
.kp-wiring .kp-edge.kp-warning path { stroke: var(--kp-warning); stroke-width: 2px; stroke-dasharray: 6 4; }
.kp-wiring .kp-edge .kp-hit { stroke: transparent; stroke-width: 12px; stroke-dasharray: none; }
.kp-wiring .kp-edge-label rect { fill: var(--kp-label-bg); opacity: 0.9; }
.kp-wiring .kp-edge-label text { font-size: 10px; }
.kp-wiring .kp-edge.kp-error .kp-edge-label text { fill: var(--kp-error); }
.kp-wiring .kp-edge.kp-warning .kp-edge-label text { fill: var(--kp-warning); }
.kp-wiring .kp-arrow { fill: var(--kp-edge); }
.kp-wiring .kp-arrow-error { fill: var(--kp-error); }
.kp-wiring .kp-arrow-warning { fill: var(--kp-warning); }
.kp-wiring [data-ref] { cursor: pointer; outline: none; }
.kp-wiring .kp-node:focus-visible rect, .kp-wiring .kp-node:hover rect { stroke: var(--kp-focus); stroke-width: 2.5px; }
.kp-wiring .kp-edge:focus-visible path:not(.kp-hit), .kp-wiring .kp-edge:hover path:not(.kp-hit) { stroke-width: 3px; }
.kp-wiring .kp-edge:focus-visible .kp-edge-label rect { stroke: var(--kp-focus); }
`;

/** In the webview: the map's properties from VS Code's theme (light, dark, high contrast). */
export const WEBVIEW_THEME_CSS = `
body .kp-wiring {
  --kp-font: var(--vscode-font-family); --kp-fg: var(--vscode-editor-foreground); --kp-muted: var(--vscode-descriptionForeground);
  --kp-edge: var(--vscode-editorLineNumber-foreground); --kp-error: var(--vscode-errorForeground); --kp-warning: var(--vscode-editorWarning-foreground);
  --kp-focus: var(--vscode-focusBorder); --kp-group-border: var(--vscode-panel-border, var(--vscode-editorWidget-border));
  --kp-label-bg: var(--vscode-editor-background);
  --kp-entry-border: var(--vscode-charts-blue); --kp-entry-bg: color-mix(in srgb, var(--vscode-charts-blue) 16%, var(--vscode-editor-background));
  --kp-service-border: var(--vscode-charts-green); --kp-service-bg: color-mix(in srgb, var(--vscode-charts-green) 16%, var(--vscode-editor-background));
  --kp-workload-border: var(--vscode-charts-purple); --kp-workload-bg: color-mix(in srgb, var(--vscode-charts-purple) 16%, var(--vscode-editor-background));
  --kp-endpoints-border: var(--vscode-charts-foreground, var(--vscode-descriptionForeground)); --kp-endpoints-bg: var(--vscode-editorWidget-background);
  --kp-external-border: var(--vscode-charts-yellow); --kp-external-bg: color-mix(in srgb, var(--vscode-charts-yellow) 16%, var(--vscode-editor-background));
  --kp-missing-bg: color-mix(in srgb, var(--vscode-errorForeground) 12%, var(--vscode-editor-background));
}
body.vscode-high-contrast .kp-wiring, body.vscode-high-contrast-light .kp-wiring {
  --kp-entry-bg: var(--vscode-editor-background); --kp-service-bg: var(--vscode-editor-background); --kp-workload-bg: var(--vscode-editor-background);
  --kp-endpoints-bg: var(--vscode-editor-background); --kp-external-bg: var(--vscode-editor-background); --kp-missing-bg: var(--vscode-editor-background);
  --kp-entry-border: var(--vscode-contrastBorder); --kp-service-border: var(--vscode-contrastBorder); --kp-workload-border: var(--vscode-contrastBorder);
  --kp-endpoints-border: var(--vscode-contrastBorder); --kp-external-border: var(--vscode-contrastBorder); --kp-edge: var(--vscode-editor-foreground);
  --kp-muted: var(--vscode-editor-foreground); --kp-focus: var(--vscode-contrastActiveBorder, var(--vscode-focusBorder)); --kp-border-width: 2px;
}
`;
