#!/bin/sh
# Build step of the cli module (run by Maven at package, see cli/pom.xml): lays out the distribution
# target/katzen-<version>/ (bin/katzen, the jars in lib/ and lib/classpath, their order) and makes its
# class-data archive with the JDK that runs the build, which also checks that one can be made. The tarball
# is then packed from this folder without lib/cds: an archive only fits the java and the path it was made
# for, so an unpacked copy makes its own on first run (see bin/katzen).
#   stage.sh STAGE_DIR MODULE_JAR JAVA_HOME MAKE_ARCHIVE(true|false) CLASSPATH
set -eu
stage=$1
module_jar=$2
java_home=$3
make_archive=$4
classpath=$5
src=$(cd "$(dirname "$0")/.." && pwd)

rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/lib"
cp "$src/dist/bin/katzen" "$stage/bin/katzen"
chmod 755 "$stage/bin/katzen"

cp "$module_jar" "$stage/lib/"
basename "$module_jar" >"$stage/lib/classpath"
old_ifs=$IFS
IFS=:
for entry in $classpath; do
    if [ -f "$entry" ]; then # the module's classes folder is on it too: the module jar stands for it
        cp "$entry" "$stage/lib/"
        basename "$entry" >>"$stage/lib/classpath"
    fi
done
IFS=$old_ifs

# The first run makes the archive (in lib/cds, writable here); then a run that uses it must print the version.
if [ "$make_archive" != true ]; then
    echo "katzen distribution: $stage (no start-up archive: -Dkatzen.archive=$make_archive)"
elif JAVA_HOME=$java_home KATZEN_ARCHIVE= "$stage/bin/katzen" --version >/dev/null 2>"$stage/archive.log" \
        && ls "$stage/lib/cds/"*.jsa "$stage/lib/cds/"*.aot 2>/dev/null | grep -q .; then
    rm -f "$stage/archive.log"
    echo "katzen distribution: $stage (with a start-up archive for $java_home)"
else
    cat "$stage/lib/cds/"*.failed >>"$stage/archive.log" 2>/dev/null || true
    rm -f "$stage/lib/cds/"*.failed
    echo "katzen distribution: $stage (no start-up archive could be made with $java_home; see $stage/archive.log)" >&2
fi
