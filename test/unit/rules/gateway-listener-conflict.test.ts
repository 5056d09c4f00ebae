import { test } from 'node:test';
import { checkFindings } from '../../support/fixture';

const rules = ['gateway-listener-conflict'];

test('listeners on one port need compatible protocols and distinct hostnames', () => {
  checkFindings(
    `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  gatewayClassName: cloud
  listeners:
    - {name: a, port: 443, protocol: HTTPS, hostname: a.example.com}
    - {name: b, port: 443, protocol: HTTPS, hostname: b.example.com}
    - {name: c, port: 443, protocol: TLS, hostname: c.example.com, tls: {mode: Passthrough}}
    - {name: d, port: 443, protocol: HTTP}
#                                    ^^^^ error gateway-listener-conflict: ProtocolConflict
    - {name: e, port: 443, protocol: HTTPS, hostname: a.example.com}
#                                                     ^^^^^^^^^^^^^ error gateway-listener-conflict: HostnameConflict
    - {name: f, port: 80, protocol: HTTP}
    - {name: g, port: 80, protocol: HTTP}
#            ^ error gateway-listener-conflict: every hostname
    - {name: h, port: 53, protocol: TCP}
    - {name: i, port: 53, protocol: UDP}
    - {name: j, port: 8080, protocol: example.com/custom}
    - {name: k, port: 8080, protocol: HTTP}
`,
    { rules },
  );
});
