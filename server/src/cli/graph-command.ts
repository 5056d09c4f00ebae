/**
 * The `graph` subcommand's arguments (kept apart from cli.ts so its flags are its own).
 */
import { parseCommon, UsageError, type Command } from '../cli';
import { runGraph, type GraphFormat } from './graph';

export const GRAPH_USAGE = `  graph [paths...]     Draw the wiring (entry points → Services → Pods, with ports and broken
                       links) as Mermaid (default), Graphviz DOT or SVG:
                       --format mermaid|dot|svg, --service <namespace>/<name>,
                       --namespace <ns>, --focus <file> (what that file's objects touch)
`;

export const graphCommand: Command = async (args, io) => {
  const { values, positionals, settings } = parseCommon(args, { service: { type: 'string' }, namespace: { type: 'string' }, focus: { type: 'string' } });
  const format = (values.format as string | undefined) ?? 'mermaid';
  if (format !== 'mermaid' && format !== 'dot' && format !== 'svg') throw new UsageError(`--format must be mermaid, dot or svg for graph, got "${format}"`);
  let service: { namespace: string; name: string } | undefined;
  if (values.service !== undefined) {
    const m = /^([^/\s]+)\/([^/\s]+)$/.exec(String(values.service));
    if (!m) throw new UsageError(`--service expects <namespace>/<name>, got "${String(values.service)}"`);
    service = { namespace: m[1]!, name: m[2]! };
  }
  const result = await runGraph(
    positionals.length ? positionals : ['.'],
    {
      format: format as GraphFormat,
      ...(service ? { service } : {}),
      ...(values.namespace !== undefined ? { namespace: String(values.namespace) } : {}),
      ...(values.focus !== undefined ? { focus: String(values.focus) } : {}),
    },
    settings,
    io.cwd,
  );
  for (const e of result.errors) io.err(`kube-ports: ${e}\n`);
  io.out(result.output);
  return result.exitCode;
};
