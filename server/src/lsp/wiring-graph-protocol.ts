/**
 * The `kubePorts/wiringGraph` request: the client (the wiring map webview) asks, the server
 * answers with the laid-out SVG and, per drawn element, its source location. Shared by the
 * server and the client (no imports: the client bundles this file as is).
 */
export const WIRING_GRAPH_REQUEST = 'kubePorts/wiringGraph';

export interface WiringGraphParams {
  /** The active editor's file: draw what its objects touch (unless `whole` or `service`). */
  readonly uri?: string;
  /** Draw the whole workspace. */
  readonly whole?: boolean;
  /** Only this namespace. */
  readonly namespace?: string;
  /** Only this Service and what it touches (the "Show on map" CodeLens). */
  readonly service?: { readonly namespace: string; readonly name: string };
  /** The panel's width in CSS pixels: a drawing wider than it is laid out top to bottom when that fits better. */
  readonly width?: number;
  /** Stop adding Services past this many nodes (default 300, at most 2000). */
  readonly maxNodes?: number;
}

export interface WiringGraphLocation {
  readonly uri: string;
  readonly range: { readonly start: { line: number; character: number }; readonly end: { line: number; character: number } };
}

export interface WiringGraphElement {
  /** The SVG element's `data-ref` (`n<i>` for nodes, `e<i>` for edges). */
  readonly ref: string;
  /** The element's text (the SVG's aria-label says the same). */
  readonly label: string;
  readonly location: WiringGraphLocation;
}

export interface WiringGraphResult {
  /** The SVG, without its stylesheet (the webview brings it, under its CSP nonce). */
  readonly svg: string;
  readonly nodes: number;
  readonly edges: number;
  readonly elements: readonly WiringGraphElement[];
  /** Every namespace of the workspace (for the filter), sorted. */
  readonly namespaces: readonly string[];
  /** What is drawn: `what web.yaml touches`, `the whole workspace`, `Service shop/web`. */
  readonly title: string;
  /** When the drawing was capped: how much is missing and how to filter. */
  readonly truncated?: string;
  /** Why there is nothing to draw, when there is nothing. */
  readonly empty?: string;
  /** The workspace has not finished indexing: the map may be incomplete. */
  readonly indexing: boolean;
}
