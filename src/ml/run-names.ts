/** Random run names in MLflow's `<adjective>-<noun>-<number>` shape (`mlflow/utils/name_utils.py`). */
const ADJECTIVES = [
  'able',
  'bold',
  'brave',
  'calm',
  'clever',
  'crisp',
  'eager',
  'fair',
  'gentle',
  'keen',
  'lucky',
  'merry',
  'quiet',
  'rare',
  'swift',
  'wise',
];
const NOUNS = [
  'ant',
  'bass',
  'crane',
  'doe',
  'eel',
  'finch',
  'gnu',
  'hawk',
  'ibis',
  'jay',
  'koi',
  'lark',
  'mole',
  'newt',
  'owl',
  'wren',
];

/** A run name from a random id (hex digits), so names are reproducible from ids. */
export function runNameFor(id: string): string {
  const n = Number.parseInt(id.slice(0, 8), 16) || 0;
  return `${ADJECTIVES[n % ADJECTIVES.length] ?? 'able'}-${NOUNS[(n >>> 4) % NOUNS.length] ?? 'ant'}-${n % 1000}`;
}
