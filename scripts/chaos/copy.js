// Scenario 2: a multi-file Copy (FileServer → FileServer, a few hundred small CSV files) killed with SIGKILL at a
// seeded random point. half-written: after the next millrace command opens the sink (a GetMetadata run), the
// sink folder holds some but not all of the files, or `.millrace-tmp-*` files of the dead copy are left.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filesUnder, kill9, see, millrace, put, row, sleep, start, tempDir, waitFor } from './lib.js';

const FILES = 300;

const fileServer = (name, host) => ({
  name,
  properties: { type: 'FileServer', typeProperties: { host, userId: '' } },
});
const binary = (name, ls, folderPath) => ({
  name,
  properties: {
    type: 'Binary',
    linkedServiceName: { referenceName: ls, type: 'LinkedServiceReference' },
    typeProperties: { location: { type: 'FileServerLocation', folderPath } },
  },
});

function project() {
  const dir = tempDir('copy');
  for (let i = 0; i < FILES; i++)
    put(dir, `src/in/part-${String(i).padStart(4, '0')}.csv`, `id,value\n${i},${i * 7}\n`);
  put(dir, 'millrace.json', { factory: 'factory' });
  put(dir, 'factory/linkedService/LS_Src.json', fileServer('LS_Src', 'src'));
  put(dir, 'factory/linkedService/LS_Sink.json', fileServer('LS_Sink', 'sink'));
  put(dir, 'factory/dataset/DS_In.json', binary('DS_In', 'LS_Src', 'in'));
  put(dir, 'factory/dataset/DS_Out.json', binary('DS_Out', 'LS_Sink', 'out'));
  put(dir, 'factory/pipeline/CopyAll.json', {
    name: 'CopyAll',
    properties: {
      activities: [
        {
          name: 'Copy',
          type: 'Copy',
          inputs: [{ referenceName: 'DS_In', type: 'DatasetReference' }],
          outputs: [{ referenceName: 'DS_Out', type: 'DatasetReference' }],
          typeProperties: {
            source: {
              type: 'BinarySource',
              storeSettings: { type: 'FileServerReadSettings', recursive: true, wildcardFileName: '*.csv' },
            },
            sink: { type: 'BinarySink', storeSettings: { type: 'FileServerWriteSettings' } },
          },
        },
      ],
    },
  });
  put(dir, 'factory/pipeline/Look.json', {
    name: 'Look',
    properties: {
      activities: [
        {
          name: 'Meta',
          type: 'GetMetadata',
          typeProperties: {
            dataset: { referenceName: 'DS_Out', type: 'DatasetReference' },
            fieldList: ['childItems'],
          },
        },
      ],
    },
  });
  return dir;
}

const visible = (folder) =>
  existsSync(folder) ? readdirSync(folder).filter((n) => !n.startsWith('.millrace-tmp-')) : [];

export async function copyScenario({ rand, until, maxTries }) {
  const r = row(`multi-file Copy (${FILES} files)`);
  const dir = project();
  const sink = join(dir, 'sink');
  // One copy to the end, to know how long a copy takes (not counted as a try).
  const t0 = Date.now();
  const full = millrace(dir, ['run', 'CopyAll', '--project', dir]);
  const took = Date.now() - t0;
  if (full.code !== 0 || visible(join(sink, 'out')).length !== FILES) {
    r.halfWritten++;
    r.notes.push(`an uninterrupted copy did not write ${FILES} files: ${full.stderr.trim().split('\n')[0]}`);
    return r;
  }
  const killed = [];
  const stagingBefore = new Set(readdirSync(tmpdir()));
  while (Date.now() < until() && r.tries < maxTries) {
    r.tries++;
    rmSync(sink, { recursive: true, force: true });
    const copy = start(dir, ['run', 'CopyAll', '--project', dir]);
    const aim = rand.next();
    const out = join(sink, 'out');
    if (aim < 0.3) {
      // Aim at the writing: kill while temp files are being written, before the commit.
      const temps = () =>
        existsSync(out) ? readdirSync(out).filter((n) => n.startsWith('.millrace-tmp-')).length : 0;
      const threshold = rand.between(1, FILES / 2);
      await waitFor(() => temps() > threshold || copy.child.exitCode !== null, took * 3, 1);
    } else if (aim < 0.7) {
      // Aim at the commit: kill once its first rename shows, after a random few milliseconds more.
      await waitFor(() => visible(out).length > 0 || copy.child.exitCode !== null, took * 3, 1);
      await sleep(rand.between(0, 30));
    } else await sleep(rand.between(Math.floor(took * 0.2), Math.ceil(took * 1.05)));
    await kill9(copy);
    const atKill = visible(join(sink, 'out')).length;
    see(
      r,
      atKill === 0
        ? 'killed before its commit'
        : atKill < FILES
          ? 'killed mid-commit'
          : 'killed after its commit',
    );
    // The next millrace command that opens the sink finishes (or never shows) the dead copy's commit.
    const look = millrace(dir, ['run', 'Look', '--project', dir]);
    if (look.code !== 0 && existsSync(join(sink, 'out')))
      r.notes.push(`try ${r.tries}: GetMetadata failed: ${look.stderr.trim().split('\n')[0]}`);
    const n = visible(join(sink, 'out')).length;
    killed.push(copy.child.pid);
    const temps = existsSync(sink) ? filesUnder(sink).filter((f) => f.includes('.millrace-tmp-')).length : 0;
    if ((n !== 0 && n !== FILES) || temps > 0) {
      r.halfWritten++;
      r.notes.push(`try ${r.tries}: ${n}/${FILES} files visible, ${temps} temp files left`);
    }
  }
  // The local staging folders of the killed copies (OS temp folder) are gone once the next Copy started.
  millrace(dir, ['run', 'CopyAll', '--project', dir]);
  // Named `millrace-copy-<pid>-…`: a new one of a killed pid is left over. (A build that does not put the pid in
  // the name counts every new `millrace-copy-…` folder, another program's on this machine included.)
  const staging = readdirSync(tmpdir()).filter((n) => {
    const m = /^millrace-t?copy-(?:(\d+)-)?/.exec(n);
    return m && !stagingBefore.has(n) && (m[1] === undefined || killed.includes(Number(m[1])));
  });
  if (staging.length > 0) {
    r.halfWritten += staging.length;
    r.notes.push(`staging folders of killed copies left in ${tmpdir()}: ${staging.join(', ')}`);
  }
  return r;
}
