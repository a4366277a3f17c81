#!/usr/bin/env bash
# `npm run test:node-versions [-- 22 24]`: runs the built CLI on the Node.js versions users run (default: the
# 22 and 24 LTS lines), each taken from the npm registry (the `node-<platform>-<arch>` package holds the
# official build and its headers). For each version: a production install of the lockfile with native modules
# built for that Node (cached per version and lockfile under ~/.cache/millrace/node/), then a smoke run:
# --version, validate and run the quickstart's reference pipeline (DuckDB Copy + notebooks), an expression.
# Needs `npm run build` first. Exit 1 on the first failure.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/millrace/node"
platform="$(node -p 'process.platform + "-" + process.arch')"
# The cache key covers what a production install holds (dependencies, overrides and the lockfile's non-dev
# packages), so a new devDependency does not force 10 minutes of native builds.
lockhash="$(node -e '
  const { readFileSync } = require("node:fs");
  const pkg = JSON.parse(readFileSync(process.argv[1] + "/package.json", "utf8"));
  const lock = JSON.parse(readFileSync(process.argv[1] + "/package-lock.json", "utf8"));
  const prod = Object.entries(lock.packages).filter(([k, p]) => k !== "" && !p.dev);
  const key = JSON.stringify([pkg.dependencies, pkg.optionalDependencies, pkg.overrides, prod]);
  process.stdout.write(require("node:crypto").createHash("sha256").update(key).digest("hex").slice(0, 16));
' "$repo")"
quiet() { if [ -t 2 ]; then "$@"; else "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }; fi; }
[ -f "$repo/dist/cli/main.js" ] || { echo "dist/ is missing: run npm run build first" >&2; exit 2; }

versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(22 24)
for major in "${versions[@]}"; do
  home="$cache/$major"
  if [ ! -x "$home/package/bin/node" ]; then
    echo "node $major: fetching node-$platform@$major from the npm registry"
    rm -rf "$home" && mkdir -p "$home"
    (cd "$home" && quiet npm pack "node-$platform@$major" && tar xzf node-"$platform"-*.tgz && rm node-"$platform"-*.tgz)
  fi
  nodebin="$home/package/bin"
  version="$("$nodebin/node" --version)"
  modules="$home/modules-$lockhash"
  if [ ! -f "$modules/.complete" ]; then
    echo "node $version: installing production dependencies (native modules built for $version)"
    rm -rf "$modules" && mkdir -p "$modules"
    cp "$repo/package.json" "$repo/package-lock.json" "$modules/"
    (cd "$modules" && PATH="$nodebin:$PATH" npm_config_nodedir="$home/package" \
      quiet npm ci --omit=dev --ignore-scripts --no-audit --no-fund &&
      PATH="$nodebin:$PATH" npm_config_nodedir="$home/package" quiet npm rebuild better-sqlite3)
    touch "$modules/.complete"
  fi
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cp -r "$repo/package.json" "$repo/bin" "$repo/dist" "$work/"
  ln -s "$modules/node_modules" "$work/node_modules"
  cp -r "$repo/examples/quickstart" "$work/quickstart"
  rm -rf "$work/quickstart/.millrace"
  m() { "$nodebin/node" "$work/bin/millrace.cjs" "$@"; }
  expected="$(node -p "require('$repo/package.json').version")"
  [ "$(m --version)" = "$expected" ] || { echo "node $version: --version is not $expected" >&2; exit 1; }
  m validate --project "$work/quickstart" >/dev/null || { echo "node $version: validate failed" >&2; exit 1; }
  status="$(m run ReferencePipeline --project "$work/quickstart" --json | "$nodebin/node" -e \
    'let s="";process.stdin.on("data",(d)=>(s+=d)).on("end",()=>console.log(JSON.parse(s).status))')"
  [ "$status" = "Succeeded" ] || { echo "node $version: the reference pipeline ended $status" >&2; exit 1; }
  [ "$(m eval "@add(1, 2)")" = "3" ] || { echo "node $version: eval failed" >&2; exit 1; }
  echo "node $version: --version, validate, run ReferencePipeline (Succeeded), eval: ok"
  rm -rf "$work"
  trap - EXIT
done
