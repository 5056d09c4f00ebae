/**
 * The one place that imports the `yaml` package. Everything else in the core goes through the
 * helpers of parse/ so that the parser can be tuned (or replaced) in one place.
 */
export {
  parseDocument,
  isMap,
  isSeq,
  isScalar,
  isAlias,
  isPair,
  isNode,
  isDocument,
  Document,
  Scalar as YamlScalar,
  YAMLMap,
  YAMLSeq,
  Pair as YamlPairNode,
  LineCounter,
  visit,
} from 'yaml';
export type { Node as YamlNode, Pair as YamlPair, ParsedNode, DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
