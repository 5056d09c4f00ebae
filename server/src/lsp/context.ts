/**
 * What every LSP feature gets: the workspace model, position conversion, logging, and `guard`,
 * which contains any error of one request (logged; the request answers empty).
 */
import type { CancellationToken, ClientCapabilities, Connection, Location, ServerCapabilities } from 'vscode-languageserver';
import type { Span } from '../core/model/types';
import type { Workspace } from '../core/workspace/workspace';
import type { Positions } from './convert';

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
}

export interface ServerContext {
  readonly connection: Connection;
  readonly workspace: Workspace;
  readonly positions: Positions;
  readonly log: Logger;
  readonly client: () => ClientCapabilities;
  /**
   * Runs a request handler; an exception is logged and answered with `fallback`. With the
   * request's cancellation `token`, a request cancelled before it runs answers `fallback` at once
   * (the client has stopped waiting for it); `run` gets the token to check in long loops.
   */
  guard<T>(name: string, fallback: T, run: (token: CancellationToken | undefined) => T, token?: CancellationToken): T;
  /** The workspace has been indexed (background indexing finished). */
  readonly indexed: () => boolean;
  /** A location of any file as the client sees it: a rendered unit's span becomes its template / base line. */
  location(uri: string, span: Span): Location;
}

/** One LSP feature: the capability it provides and how it registers its handler. */
export interface Feature {
  readonly name: string;
  capabilities(client: ClientCapabilities): ServerCapabilities;
  register(ctx: ServerContext): void;
}
