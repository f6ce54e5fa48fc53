#!/usr/bin/env bash
# Runs every test of Journey. Installs what the tests need when it is missing — redis-server, chromium
# and fonts-dejavu-core (letters) from Debian; Azurite, puppeteer-core, @axe-core/puppeteer and
# @azure/storage-queue and @bufbuild/buf from npm (pinned, into .tools/) — then builds and runs dotnet test. The tests start redis-server, Azurite and headless
# Chromium themselves (servers on free loopback ports) and stop them by PID.
# ./test.sh --kind domain|api|cluster|durability|browser runs one kind alone; other arguments go to dotnet test.
set -euo pipefail
cd "$(dirname "$0")"

kind_filter() {
  case "$1" in
    domain) echo "FullyQualifiedName~Journey.Domain.Tests|FullyQualifiedName~Journey.Messages.Tests" ;;
    api) echo "FullyQualifiedName~Journey.Tests.Api|FullyQualifiedName~Journey.Tests.Scenarios" ;;
    cluster) echo "FullyQualifiedName~Journey.Tests.Grains" ;;
    durability) echo "FullyQualifiedName~Journey.Tests.Durability|FullyQualifiedName~Journey.Tests.Delivery|FullyQualifiedName~Journey.Tests.Cli" ;;
    browser) echo "FullyQualifiedName~Journey.Tests.Desk" ;;
    *) echo "test.sh: --kind is one of domain, api, cluster, durability, browser (not '$1')" >&2; return 1 ;;
  esac
}

arguments=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--kind" ] && [ $# -ge 2 ]; then
    filter="$(kind_filter "$2")" || exit 2
    arguments+=(--filter "$filter")
    shift 2
  else
    arguments+=("$1")
    shift
  fi
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
AZURITE_VERSION=3.37.0
PUPPETEER_VERSION=25.16.0
AXE_PUPPETEER_VERSION=4.13.0
STORAGE_QUEUE_VERSION=12.32.0
BUF_VERSION=1.75.0

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK (dotnet) is required" >&2
  exit 1
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "test.sh: installing redis-server (apt)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi
# The Debian package may start a system redis on 6379; the tests never use it (they pick free ports).

# Letters are PDFs set in DejaVu Sans.
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "test.sh: installing fonts-dejavu-core (apt)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-dejavu-core >/dev/null
fi

# The desk's browser tests: Debian's Chromium, driven by puppeteer-core with axe-core (npm, into .tools/; no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing chromium (apt)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

if [ ! -d .tools/node_modules/puppeteer-core ] || ! grep -q "\"version\": \"$PUPPETEER_VERSION\"" .tools/node_modules/puppeteer-core/package.json 2>/dev/null \
   || [ ! -d .tools/node_modules/@axe-core/puppeteer ]; then
  echo "test.sh: installing puppeteer-core@$PUPPETEER_VERSION and @axe-core/puppeteer@$AXE_PUPPETEER_VERSION (npm, into .tools/)"
  mkdir -p .tools
  PUPPETEER_SKIP_DOWNLOAD=true npm install --prefix .tools --no-audit --no-fund --loglevel=error \
    "puppeteer-core@$PUPPETEER_VERSION" "@axe-core/puppeteer@$AXE_PUPPETEER_VERSION" >/dev/null
fi

# A producer that is not .NET for the queue tests: Azure's JavaScript queue client (npm, into .tools/).
if [ ! -d .tools/node_modules/@azure/storage-queue ] || ! grep -q "\"version\": \"$STORAGE_QUEUE_VERSION\"" .tools/node_modules/@azure/storage-queue/package.json 2>/dev/null; then
  echo "test.sh: installing @azure/storage-queue@$STORAGE_QUEUE_VERSION (npm, into .tools/)"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "@azure/storage-queue@$STORAGE_QUEUE_VERSION" >/dev/null
fi

# The proto's breaking-change check (buf breaking against api/Protos/released): buf from npm, into .tools/.
if [ ! -x .tools/node_modules/.bin/buf ] || ! grep -q "\"version\": \"$BUF_VERSION\"" .tools/node_modules/@bufbuild/buf/package.json 2>/dev/null; then
  echo "test.sh: installing @bufbuild/buf@$BUF_VERSION (npm, into .tools/)"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "@bufbuild/buf@$BUF_VERSION" >/dev/null
fi

if [ ! -x .tools/node_modules/.bin/azurite-blob ] || ! grep -q "\"version\": \"$AZURITE_VERSION\"" .tools/node_modules/azurite/package.json 2>/dev/null; then
  echo "test.sh: installing azurite@$AZURITE_VERSION (npm, into .tools/)"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "azurite@$AZURITE_VERSION" >/dev/null
fi

# Warnings are errors (Directory.Build.props), except NU1603 from the Redis providers.
dotnet build Journey.sln -c Release -nologo -v quiet
dotnet test Journey.sln -c Release --no-build -nologo --logger "console;verbosity=minimal" ${arguments[@]+"${arguments[@]}"}
