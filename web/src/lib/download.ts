/** The name a download is saved under, from its Content-Disposition. */

function clean(name: string): string {
  // No folders: a name, whatever the server sent.
  return name.replace(/[\\/]/g, '_').replace(/^\.+/, '').trim();
}

/** `filename*=UTF-8''…` (RFC 6266/5987) first, then `filename="…"`, else `fallback`. */
export function downloadName(disposition: string | null | undefined, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      const name = clean(decodeURIComponent(extended[2].trim().replace(/^"|"$/g, '')));
      if (name) return name;
    } catch {
      /* a broken encoding: try the plain name */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
  if (plain) {
    const name = clean(plain[2] ?? plain[1]);
    if (name) return name;
  }
  return fallback;
}
