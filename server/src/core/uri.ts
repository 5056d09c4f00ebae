/**
 * File identities are URIs (`file:///abs/path.yaml`), as in LSP. These helpers do the few path
 * operations the core needs (kustomization resource paths) without touching the file system.
 */

export function basename(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const i = path.lastIndexOf('/');
  return i >= 0 ? path.slice(i + 1) : path;
}

export function dirname(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i > 0 ? uri.slice(0, i) : uri;
}

/** Resolves a relative path (`../base`, `./svc.yaml`) against a directory URI. */
export function joinPath(dirUri: string, relative: string): string {
  const schemeMatch = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(.*)$/i.exec(dirUri);
  const prefix = schemeMatch ? schemeMatch[1]! : '';
  const dirPath = schemeMatch ? schemeMatch[2]! : dirUri;
  const parts = relative.startsWith('/') ? [] : dirPath.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length > 1) parts.pop();
    } else parts.push(encodeURIComponent(decodeURIComponentSafe(segment)));
  }
  const joined = parts.join('/');
  return prefix + (joined.startsWith('/') ? joined : '/' + joined);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function isJsonUri(uri: string): boolean {
  return /\.json$/i.test(uri.replace(/[?#].*$/, ''));
}

/** `uri` lies inside the folder `folderUri` (or is it). */
export function isInside(uri: string, folderUri: string): boolean {
  const folder = folderUri.endsWith('/') ? folderUri : folderUri + '/';
  return uri === folderUri || uri.startsWith(folder);
}
