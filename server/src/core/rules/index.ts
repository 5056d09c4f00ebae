/**
 * The rule catalogue: one file per rule, listed here. Ids are stable (they are diagnostic codes,
 * README anchors and `kubePorts.rules` keys).
 */
import type { Rule } from './rule';
import { serviceSelectsNothing } from './service-selects-nothing';

export const RULES: readonly Rule[] = [serviceSelectsNothing];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
