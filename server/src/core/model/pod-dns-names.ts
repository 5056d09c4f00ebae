/**
 * Which StatefulSet Pods something addresses by their own DNS name: client and peer lists in
 * container env values, command and args and ConfigMap data (`redis-0.redis:6379,redis-1.redis:6379`,
 * `zk-0.zk-hs.zoo.svc.cluster.local`). Kept as `<statefulset>.<service>` keys: a StatefulSet needs
 * its governing Service to be headless when some of these name its Pods.
 *
 * A simple scan, not the service-to-service references: linear (the text is split into DNS-like
 * tokens by one character class, each token of at most 253 characters matched anchored), and on
 * at most 64 KB of each value.
 *
 * Most values name no Pod, and lowering and splitting each of them cost more than the rest of
 * the scan: a value is scanned only when it holds `-<1 to 5 digits>.` (`MAY_NAME_POD`), which
 * every match holds (the `-(\d{1,5})\.` of `POD_NAME`, inside one token of the lowered text;
 * lowering changes no `-`, digit or `.`, makes none and drops no character, so the lowered
 * text holds that run exactly where the text does).
 */

const MAX_TEXT = 64 * 1024;
const POD_NAME = /^([a-z0-9][a-z0-9-]{0,62})-(\d{1,5})\.([a-z0-9][a-z0-9-]{0,62})(?:\.|$)/;
const MAY_NAME_POD = /-[0-9]{1,5}\./;

/** Adds the `<statefulset>.<service>` keys of the `<statefulset>-<n>.<service>` names in `text`. */
export function addPodDnsNames(text: string, into: Set<string>): void {
  const bounded = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  if (!MAY_NAME_POD.test(bounded)) return;
  for (const token of bounded.toLowerCase().split(/[^a-z0-9.-]+/)) {
    if (token.length < 5 || token.length > 253 || !token.includes('.')) continue;
    const m = POD_NAME.exec(token);
    if (m) into.add(podDnsKey(m[1]!, m[3]!));
  }
}

export function podDnsKey(statefulSet: string, service: string): string {
  return `${statefulSet}.${service}`;
}
