/**
 * The contract of a code action: a pure function from the request (file, range, the
 * diagnostics the editor sent) and the workspace model to proposals with text edits.
 */
import { YamlEditor } from '../../edits/yaml-edit';
import type { TextEdit } from '../../edits/text-edit';
import type { K8sObject, Span } from '../../model/types';
import type { ParsedDocument } from '../../parse/parse-file';
import type { Settings } from '../../settings';
import type { IndexView } from '../../workspace/workspace-index';

/** A diagnostic as the editor sends it back: its code (the rule id) and its span in the request's file. */
export interface ActionDiagnostic {
  readonly code: string;
  readonly span: Span;
}

export type ActionKind = 'quickfix' | 'refactor.rewrite' | 'refactor.extract';

export interface CodeActionProposal {
  readonly title: string;
  readonly kind: ActionKind;
  /** The diagnostics (of the request's file) this action repairs. */
  readonly diagnostics: readonly ActionDiagnostic[];
  readonly isPreferred?: boolean;
  /** Edits per file URI (an action may touch another file). Empty for a note. */
  readonly edits: Readonly<Record<string, readonly TextEdit[]>>;
  /** An explanation rather than an edit: shown disabled with this reason. */
  readonly disabled?: string;
}

export interface CodeActionEnv {
  readonly index: IndexView;
  readonly settings: Settings;
  text(uri: string): string | undefined;
  /** The objects of a file (what the cursor may be on). */
  objectsOf(uri: string): readonly K8sObject[];
  /** Document `index` of a file, with its YAML syntax tree. */
  document(uri: string, index: number): ParsedDocument | undefined;
}

export interface CodeActionContext extends CodeActionEnv {
  readonly uri: string;
  /** The editor's selection or cursor. */
  readonly span: Span;
  readonly diagnostics: readonly ActionDiagnostic[];
  /** A YAML editor for an object's document (cached per request); undefined when it cannot be edited. */
  editor(o: K8sObject): YamlEditor | undefined;
}

export type CodeActionProvider = (ctx: CodeActionContext) => CodeActionProposal[];

export function makeContext(env: CodeActionEnv, request: { uri: string; span: Span; diagnostics: readonly ActionDiagnostic[] }): CodeActionContext {
  const editors = new Map<string, YamlEditor | undefined>();
  return {
    ...request,
    index: env.index,
    settings: env.settings,
    text: (uri) => env.text(uri),
    objectsOf: (uri) => env.objectsOf(uri),
    document: (uri, i) => env.document(uri, i),
    editor(o) {
      const key = `${o.uri}\u0000${o.documentIndex}`;
      if (editors.has(key)) return editors.get(key);
      const text = env.text(o.uri);
      const doc = text === undefined ? undefined : env.document(o.uri, o.documentIndex);
      const editor = text !== undefined && doc?.yaml ? new YamlEditor(text, doc) : undefined;
      editors.set(key, editor);
      return editor;
    },
  };
}
