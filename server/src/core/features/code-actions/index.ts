/**
 * The code actions, one file each. `codeActions` runs them all; a provider that throws loses
 * only its own proposals.
 */
import { addContainerPort } from './add-container-port';
import { addEndpoints } from './add-endpoints';
import { addReferenceGrant } from './add-reference-grant';
import { fixBackendPort } from './fix-backend-port';
import { openPolicyPort } from './open-policy-port';
import { addNodePort } from './add-node-port';
import { createHeadlessService, createService } from './create-service';
import { fixSelector } from './fix-selector';
import { fixServiceReference } from './fix-service-reference';
import { fixTargetPort } from './fix-target-port';
import { namePorts } from './name-ports';
import { nodePortOnClusterIp } from './node-port-on-cluster-ip';
import { makeContext, type ActionDiagnostic, type ActionKind, type CodeActionEnv, type CodeActionProposal, type CodeActionProvider } from './types';

export type { ActionDiagnostic, ActionKind, CodeActionEnv, CodeActionProposal } from './types';

export const CODE_ACTIONS: readonly { readonly id: string; readonly run: CodeActionProvider }[] = [
  { id: 'fix-target-port', run: fixTargetPort },
  { id: 'fix-service-reference', run: fixServiceReference },
  { id: 'add-container-port', run: addContainerPort },
  { id: 'fix-selector', run: fixSelector },
  { id: 'node-port-on-cluster-ip', run: nodePortOnClusterIp },
  { id: 'add-endpoints', run: addEndpoints },
  { id: 'create-headless-service', run: createHeadlessService },
  { id: 'name-ports', run: namePorts },
  { id: 'add-node-port', run: addNodePort },
  { id: 'create-service', run: createService },
  { id: 'fix-backend-port', run: fixBackendPort },
  { id: 'add-reference-grant', run: addReferenceGrant },
  { id: 'open-policy-port', run: openPolicyPort },
];

export const CODE_ACTION_KINDS: readonly ActionKind[] = ['quickfix', 'refactor.rewrite', 'refactor.extract'];

export interface CodeActionRequest {
  readonly uri: string;
  readonly span: { readonly start: number; readonly end: number };
  readonly diagnostics: readonly ActionDiagnostic[];
  /** Kinds the editor asked for (prefix match, as in LSP); all when absent. */
  readonly only?: readonly string[];
}

export function codeActions(env: CodeActionEnv, request: CodeActionRequest, onError?: (id: string, error: unknown) => void): CodeActionProposal[] {
  const ctx = makeContext(env, request);
  const wanted = (kind: string) => !request.only || request.only.length === 0 || request.only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const out: CodeActionProposal[] = [];
  for (const a of CODE_ACTIONS) {
    try {
      for (const p of a.run(ctx)) if (wanted(p.kind)) out.push(p);
    } catch (error) {
      onError?.(a.id, error);
    }
  }
  return out;
}

/** The environment of a Workspace (kept structural so the core does not depend on it here). */
export function workspaceEnv(ws: {
  index: CodeActionEnv['index'];
  settings: CodeActionEnv['settings'];
  text(uri: string): string | undefined;
  objectsOf(uri: string): readonly import('../../model/types').K8sObject[];
  parsed(uri: string): { documents: readonly import('../../parse/parse-file').ParsedDocument[] } | undefined;
  withSyntax(doc: import('../../parse/parse-file').ParsedDocument): import('../../parse/parse-file').ParsedDocument;
}): CodeActionEnv {
  return {
    index: ws.index,
    settings: ws.settings,
    text: (uri) => ws.text(uri),
    objectsOf: (uri) => ws.objectsOf(uri),
    document(uri, i) {
      const d = ws.parsed(uri)?.documents[i];
      return d ? ws.withSyntax(d) : undefined;
    },
  };
}
