#!/bin/sh
# Builds the hub's class data sharing archive (Spring Boot's CDS recipe): the jar extracted, one training start that
# stops once the application context is refreshed, and an archive of the classes that start loaded. A hub started with
#   java -XX:SharedArchiveFile=<dir>/ketju.jsa -jar <dir>/ketju.jar
# maps them from the archive instead of reading, parsing and verifying each again: a third less CPU to start.
# The archive belongs to the JVM that made it (another one ignores it): make it with the java that runs the hub.
# Lambda proxies are left out: archiving them crashes the dump on JDK 17 (SIGSEGV in
# SystemDictionaryShared::adjust_lambda_proxy_class_dictionary, 17.0.15); they are made at start as without an archive.
# Usage: [JAVA=<the java that runs the hub>] class-data-archive.sh <the hub's jar> <directory>
set -eu
java=${JAVA:-java}
jar=$1
dir=$2
training=$(mktemp -d)
trap 'rm -rf "$training"' EXIT

"$java" -Djarmode=tools -jar "$jar" extract --destination "$training/extracted" > "$training/extract.log"
mkdir -p "$dir"
rm -rf "$dir/lib" "$dir/ketju.jar" "$dir/ketju.jsa"
mv "$training/extracted/lib" "$dir/lib"
mv "$training/extracted/$(basename "$jar")" "$dir/ketju.jar"

if ! "$java" -XX:DumpLoadedClassList="$training/classes.lst" -Dspring.context.exit=onRefresh -jar "$dir/ketju.jar" \
        --server.port=0 --ketju.data-dir="$training/data" > "$training/training.log" 2>&1; then
    tail -n 40 "$training/training.log" >&2
    echo "class-data-archive: the training start failed" >&2
    exit 1
fi
grep -v '^@lambda-proxy' "$training/classes.lst" > "$training/classes-without-lambdas.lst"
if ! "$java" -Xshare:dump -XX:SharedClassListFile="$training/classes-without-lambdas.lst" \
        -XX:SharedArchiveFile="$dir/ketju.jsa" -jar "$dir/ketju.jar" > "$training/dump.log" 2>&1; then
    tail -n 20 "$training/dump.log" >&2
    echo "class-data-archive: the archive could not be dumped" >&2
    exit 1
fi
echo "class-data-archive: $dir/ketju.jsa ($(wc -l < "$training/classes-without-lambdas.lst") classes listed)"
