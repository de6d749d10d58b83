#!/bin/sh
# /usr/local/bin/strongroom inside the image: the operator CLI for `docker exec` / `kubectl exec`,
#   kubectl exec -it strongroom-0 -- strongroom status
#   kubectl exec -it strongroom-0 -- strongroom operator unseal --node strongroom-1.strongroom-peers.NS.svc.cluster.local:7200
# A small JVM of its own, so it fits beside the node inside the container's memory limit. The
# node's JDK_JAVA_OPTIONS / JAVA_TOOL_OPTIONS (heap sizing for the server) are not passed on;
# STRONGROOM_CLI_JAVA_OPTS adds options to this JVM only.
unset JDK_JAVA_OPTIONS JAVA_TOOL_OPTIONS
# shellcheck disable=SC2086 # STRONGROOM_CLI_JAVA_OPTS is a list of options
exec java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
  -XX:-CreateCoredumpOnCrash -XX:+ExitOnOutOfMemoryError -XX:+PerfDisableSharedMem \
  -Djava.io.tmpdir=/tmp -Djava.library.path=/opt/strongroom/lib \
  ${STRONGROOM_CLI_JAVA_OPTS:-} -jar /opt/strongroom/strongroom.jar "$@"
