import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const MAKE_WHEEL = `
import base64, hashlib, sys, zipfile
out, name, version, body = sys.argv[1:5]
files = {
    f"{name}.py": body,
    f"{name}-{version}.dist-info/METADATA": f"Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n",
    f"{name}-{version}.dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: millrace-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
}
record = []
with zipfile.ZipFile(out, "w") as z:
    for path, text in files.items():
        data = text.encode()
        z.writestr(path, data)
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{name}-{version}.dist-info/RECORD,,")
    z.writestr(f"{name}-{version}.dist-info/RECORD", "\\n".join(record) + "\\n")
`;

/**
 * Writes a real, installable pure-Python wheel `<name>-<version>-py3-none-any.whl` into `dir` whose one module
 * `<name>` has `body` as its source; returns the file's path. For tests that install libraries without PyPI.
 */
export function writeTinyWheel(
  dir: string,
  name: string,
  version: string,
  body: string,
  python = 'python3',
): string {
  const file = join(dir, `${name}-${version}-py3-none-any.whl`);
  execFileSync(python, ['-c', MAKE_WHEEL, file, name, version, body]);
  return file;
}
