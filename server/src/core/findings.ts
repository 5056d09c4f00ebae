/**
 * A finding: what a rule (or the reader) reports about a file. The LSP layer turns findings into
 * diagnostics and the CLI into text, JSON or SARIF.
 */
import type { Span } from './model/types';
import type { Severity } from './settings';

export interface RelatedLocation {
  readonly uri: string;
  readonly span: Span;
  readonly message: string;
}

export interface Finding {
  readonly uri: string;
  readonly span: Span;
  /** The rule id (stable, kebab-case), or a reader note code such as `yaml-syntax`. */
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly related: readonly RelatedLocation[];
}
