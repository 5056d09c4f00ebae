/**
 * Wording shared by rules and features: how objects and ports are named in messages.
 */
import type { RelatedLocation } from '../findings';
import { nameOrKindSpanOf, type K8sObject, type Span } from '../model/types';

/** `Deployment web (namespace shop)` */
export function describeObject(o: { kind: string; name: string; namespace: string }): string {
  return `${o.kind} ${o.name || '(unnamed)'} (namespace ${o.namespace})`;
}

/** A related location pointing at an object (its name, else the object). */
export function relatedObject(o: K8sObject, message: string, span?: Span): RelatedLocation {
  return { uri: o.uri, span: span ?? nameOrKindSpanOf(o), message };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
