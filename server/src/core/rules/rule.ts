/**
 * What a rule is. One file per rule in this folder; `index.ts` lists them all.
 */
import type { RelatedLocation } from '../findings';
import type { K8sObject, Span } from '../model/types';
import type { Settings, Severity } from '../settings';
import type { IndexView } from '../workspace/workspace-index';

export interface RuleReport {
  readonly span: Span;
  readonly message: string;
  readonly related?: readonly RelatedLocation[];
  /** Overrides the rule's default severity for this report (e.g. an error/warning split). */
  readonly severity?: Severity;
}

export interface RuleContext {
  readonly index: IndexView;
  readonly settings: Settings;
  report(r: RuleReport): void;
}

export interface Rule {
  /** Stable id: the diagnostic code, the README anchor, the `kubePorts.rules` key. */
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** One line: what the rule checks (for SARIF and the settings description). */
  readonly description: string;
  /** Runs on each object of a file (objects of other kinds may be ignored by the rule). */
  check(object: K8sObject, ctx: RuleContext): void;
}
