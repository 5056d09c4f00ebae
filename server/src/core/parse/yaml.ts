/**
 * The one place that imports the `yaml` package. Everything else in the core goes through the
 * helpers of parse/ so that the parser can be tuned (or replaced) in one place.
 *
 * The functions are bound to constants of this module rather than re-exported: the bundler turns
 * a re-export of a CommonJS package into a getter on every use, and the readers call `isMap` /
 * `isScalar` a few times per key looked up (measured: 6% of parsing a workspace).
 */
import * as yaml from 'yaml';

export const parseDocument: typeof yaml.parseDocument = yaml.parseDocument;
export const isMap: typeof yaml.isMap = yaml.isMap;
export const isSeq: typeof yaml.isSeq = yaml.isSeq;
export const isScalar: typeof yaml.isScalar = yaml.isScalar;
export const isAlias: typeof yaml.isAlias = yaml.isAlias;
export const isPair: typeof yaml.isPair = yaml.isPair;
export const isNode: typeof yaml.isNode = yaml.isNode;
export const isDocument: typeof yaml.isDocument = yaml.isDocument;
export const visit: typeof yaml.visit = yaml.visit;
export { Document, Scalar as YamlScalar, YAMLMap, YAMLSeq, Pair as YamlPairNode, LineCounter } from 'yaml';
export type { Node as YamlNode, Pair as YamlPair, ParsedNode, DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';
