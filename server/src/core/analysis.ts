/**
 * Runs the rules over the objects of one file and turns their reports into findings, applying
 * the user's severity overrides and suppression comments. Never throws: a rule that fails on
 * some odd input loses its findings for that object, nothing else.
 */
import type { Finding, RelatedLocation } from './findings';
import { withServiceLinksMemo } from './model/service-links';
import type { FileNote, K8sObject } from './model/types';
import { RULES } from './rules/index';
import type { Rule, RuleContext, RuleReport } from './rules/rule';
import type { Settings, Severity } from './settings';
import { applySuppressions } from './suppression';
import type { IndexView } from './workspace/workspace-index';

export interface AnalysisInput {
  readonly uri: string;
  readonly text: string;
  readonly objects: readonly K8sObject[];
  readonly notes: readonly FileNote[];
  readonly index: IndexView;
  readonly settings: Settings;
  /** Rules to run (all by default). */
  readonly rules?: readonly Rule[];
  /** Called when a rule throws (the error is contained; the host may log it). */
  readonly onRuleError?: (rule: string, error: unknown) => void;
  /**
   * Findings of objects analysed before, by object (before suppression comments): an object the
   * memo answers for is not analysed again, and the findings of every object analysed are handed
   * to it. The caller keeps an entry only while nothing the object's rules read has changed
   * (workspace.ts: per object of an open file, dropped when an edit touches a key it depends on).
   */
  readonly memo?: ObjectFindingsMemo;
}

export interface ObjectFindingsMemo {
  get(object: K8sObject): readonly Finding[] | undefined;
  set(object: K8sObject, findings: readonly Finding[]): void;
}

let objectAnalysesCount = 0;

/** How many times the rules have run over one object (a test counter: kept findings are not recomputed). */
export function objectAnalyses(): number {
  return objectAnalysesCount;
}

/** Related locations in a stable order (by file, then offset), whatever order files were added in. */
export function sortRelated(related: readonly RelatedLocation[]): readonly RelatedLocation[] {
  if (related.length < 2) return related;
  return [...related].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.span.start - b.span.start || a.message.localeCompare(b.message)));
}

export function analyzeFile(input: AnalysisInput): Finding[] {
  return completeFindings(input, checkObjects(input, input.objects));
}

/**
 * The rules' findings for some of a file's objects, unsorted and before suppressions: checking a
 * file's objects in parts and handing the parts' findings, in order, to `completeFindings` gives
 * what `analyzeFile` gives (each rule checks one object at a time, and the result is sorted).
 * An object the memo answers for is not analysed again.
 */
export function checkObjects(input: Omit<AnalysisInput, 'objects' | 'notes' | 'text'>, objects: readonly K8sObject[]): Finding[] {
  const rules = enabledRules(input.rules ?? RULES, input.settings.rules);
  const findings: Finding[] = [];
  for (const object of objects) {
    const kept = input.memo?.get(object);
    if (kept) {
      findings.push(...kept);
      continue;
    }
    const own = withServiceLinksMemo(() => analyzeObject(object, rules, input));
    input.memo?.set(object, own);
    findings.push(...own);
  }
  return findings;
}

type EnabledRules = readonly { readonly rule: Rule; readonly level: Severity | undefined }[];

/** The last answer of `enabledRules`: a cold start asks it once per file with the same rules and levels. */
let enabled: { rules: readonly Rule[]; levels: Settings['rules']; answer: EnabledRules } | undefined;

/** The rules that are not switched off, each with the level the settings give it (the settings' values are immutable). */
function enabledRules(rules: readonly Rule[], levels: Settings['rules']): EnabledRules {
  if (enabled?.rules === rules && enabled.levels === levels) return enabled.answer;
  const answer: { rule: Rule; level: Severity | undefined }[] = [];
  for (const rule of rules) {
    const level = levels[rule.id];
    if (level !== 'off') answer.push({ rule, level });
  }
  enabled = { rules, levels, answer };
  return answer;
}

/** The file's notes and the checked findings, in order of position, suppression comments applied. */
export function completeFindings(input: Pick<AnalysisInput, 'uri' | 'text' | 'notes' | 'settings'>, checked: readonly Finding[]): Finding[] {
  const { uri } = input;
  const findings: Finding[] = [];
  if (input.settings.skippedFileNotes) {
    for (const note of input.notes) {
      findings.push({ uri, span: note.span, rule: note.code, severity: 'information', message: note.message, related: [] });
    }
  }
  for (const f of checked) findings.push(f);
  // Rule order within an offset does not depend on the order objects were analysed in.
  findings.sort((a, b) => a.span.start - b.span.start || a.rule.localeCompare(b.rule));
  return applySuppressions(input.text, findings);
}

/**
 * Every rule over one object: its findings with the user's severities, before suppression
 * comments. One context per object (its `report` collects into one list, taken per rule), not one
 * per rule and object: most rules look at the kind and return.
 */
function analyzeObject(object: K8sObject, rules: EnabledRules, input: Omit<AnalysisInput, 'objects' | 'notes' | 'text'>): Finding[] {
  objectAnalysesCount++;
  const { uri, settings } = input;
  const findings: Finding[] = [];
  let reports: RuleReport[] = [];
  const ctx: RuleContext = { index: input.index, settings, report: (r) => void reports.push(r) };
  for (const { rule, level } of rules) {
    try {
      rule.check(object, ctx);
    } catch (error) {
      reports = [];
      input.onRuleError?.(rule.id, error);
      continue;
    }
    if (reports.length === 0) continue;
    for (const r of reports) {
      findings.push({
        uri,
        span: r.span,
        rule: rule.id,
        severity: level ?? r.severity ?? rule.defaultSeverity,
        message: r.message,
        related: sortRelated(r.related ?? []),
      });
    }
    reports = [];
  }
  return findings;
}
