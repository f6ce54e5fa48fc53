#!/usr/bin/env bash
# Runs every test of Journey. Installs and starts what the tests need, then runs dotnet test.
# The tests start their own servers on free loopback ports and stop them by PID.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET 10 SDK (dotnet) is required" >&2
  exit 1
fi

dotnet build Journey.sln -c Release -warnaserror -nologo -v quiet
dotnet test Journey.sln -c Release --no-build -nologo --logger "console;verbosity=minimal" "$@"
