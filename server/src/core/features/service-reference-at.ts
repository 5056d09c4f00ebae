/**
 * "Which service reference is at this offset?" — hover, definition, references, completion and
 * code actions on a `cartservice:7070` written in an env value, an argument or ConfigMap data.
 * Pure; index lookups only (the references of the one object under the cursor).
 */
import { objectAt, spanContains } from './locate';
import { type K8sObject, type Span, spanOf } from '../model/types';
import { referencesOf, type ReferenceSettings, type ServiceReference } from '../references/service-references';
import type { IndexView } from '../workspace/workspace-index';

export interface ReferenceAt {
  readonly reference: ServiceReference;
  /** On the host or the port characters, or elsewhere in the string (when they have no span). */
  readonly part: 'host' | 'port' | 'string';
  readonly span: Span;
}

export function referenceAt(index: IndexView, objects: readonly K8sObject[], offset: number, settings: ReferenceSettings): ReferenceAt | undefined {
  const o = objectAt(objects, offset);
  if (!o) return undefined;
  const refs = referencesOf(index, o, settings);
  for (const reference of refs) {
    if (spanContains(reference.hostSpan, offset) && reference.hostSpan.start >= reference.site.value.start) return { reference, part: 'host', span: reference.hostSpan };
    if (spanContains(reference.portSpan, offset) && reference.portSpan.start >= reference.site.value.start) return { reference, part: 'port', span: reference.portSpan };
  }
  // A reference without exact spans: the whole string, when it is the only one there.
  const inString = refs.filter((r) => spanContains(r.site.value, offset) && (r.hostSpan === undefined || r.hostSpan.start < r.site.value.start));
  if (inString.length === 1) return { reference: inString[0]!, part: 'string', span: spanOf(inString[0]!.site.value) };
  return undefined;
}
