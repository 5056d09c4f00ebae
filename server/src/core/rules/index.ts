/**
 * The rule catalogue: one file per rule, listed here. Ids are stable (they are diagnostic codes,
 * README anchors and `kubePorts.rules` keys).
 */
import type { Rule } from './rule';
import { endpointsOverridden } from './endpoints-overridden';
import { endpointsPortMismatch } from './endpoints-port-mismatch';
import { endpointsWithoutService } from './endpoints-without-service';
import { hostNetworkPortMismatch } from './host-network-port-mismatch';
import { hostPortConflict } from './host-port-conflict';
import { ingressBackendPortMissing } from './ingress-backend-port-missing';
import { ingressBackendServiceMissing } from './ingress-backend-service-missing';
import { probePortUnresolved } from './probe-port-unresolved';
import { selectorlessServiceWithoutEndpoints } from './selectorless-service-without-endpoints';
import { statefulsetServiceMissing } from './statefulset-service-missing';
import { statefulsetServiceNotHeadless } from './statefulset-service-not-headless';
import { workloadSelectorMismatch } from './workload-selector-mismatch';
import { serviceSelectsNothing } from './service-selects-nothing';
import { duplicatePort } from './duplicate-port';
import { externalNameInvalid } from './external-name-invalid';
import { headlessWithNodePort } from './headless-with-node-port';
import { invalidPortName } from './invalid-port-name';
import { nodePortConflict } from './node-port-conflict';
import { nodePortOnClusterIp } from './node-port-on-cluster-ip';
import { nodePortOutOfRange } from './node-port-out-of-range';
import { portNameRequired } from './port-name-required';
import { portOutOfRange } from './port-out-of-range';
import { targetPortNameUnresolved } from './target-port-name-unresolved';
import { targetPortNotDeclared } from './target-port-not-declared';
import { targetPortProtocolMismatch } from './target-port-protocol-mismatch';
import { routeBackendServiceMissing } from './route-backend-service-missing';
import { routeBackendPortMissing } from './route-backend-port-missing';
import { routeBackendNotPermitted } from './route-backend-not-permitted';
import { routeParentMissing } from './route-parent-missing';
import { routeNotAccepted } from './route-not-accepted';
import { gatewayListenerConflict } from './gateway-listener-conflict';
import { networkPolicyBlocksService } from './network-policy-blocks-service';
import { networkPolicyBlocksCaller } from './network-policy-blocks-caller';
import { networkPolicyPortUnresolved } from './network-policy-port-unresolved';
import { networkPolicySelectsNothing } from './network-policy-selects-nothing';
import { serviceReferencePortMismatch } from './service-reference-port-mismatch';
import { serviceReferenceWrongNamespace } from './service-reference-wrong-namespace';
import { serviceReferenceUnknown } from './service-reference-unknown';
import { serviceReferenceNoEndpoints } from './service-reference-no-endpoints';

export const RULES: readonly Rule[] = [
  serviceSelectsNothing,
  endpointsOverridden,
  endpointsPortMismatch,
  endpointsWithoutService,
  hostNetworkPortMismatch,
  hostPortConflict,
  ingressBackendPortMissing,
  ingressBackendServiceMissing,
  probePortUnresolved,
  selectorlessServiceWithoutEndpoints,
  statefulsetServiceMissing,
  statefulsetServiceNotHeadless,
  workloadSelectorMismatch,
  targetPortNameUnresolved,
  targetPortNotDeclared,
  targetPortProtocolMismatch,
  invalidPortName,
  portNameRequired,
  duplicatePort,
  portOutOfRange,
  nodePortOutOfRange,
  nodePortOnClusterIp,
  nodePortConflict,
  headlessWithNodePort,
  externalNameInvalid,
  routeBackendServiceMissing,
  routeBackendPortMissing,
  routeBackendNotPermitted,
  routeParentMissing,
  routeNotAccepted,
  gatewayListenerConflict,
  networkPolicyBlocksService,
  networkPolicyBlocksCaller,
  networkPolicyPortUnresolved,
  networkPolicySelectsNothing,
  serviceReferencePortMismatch,
  serviceReferenceWrongNamespace,
  serviceReferenceUnknown,
  serviceReferenceNoEndpoints,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
