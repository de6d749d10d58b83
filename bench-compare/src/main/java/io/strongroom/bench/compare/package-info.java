/**
 * The side-by-side benchmark of issue 8: one closed-loop load generator that drives a Strongroom
 * cluster (through the client library) and an etcd cluster (through jetcd) with the same workloads,
 * in one JVM, alternating the two so machine drift hits both; and the scaling measurements of a
 * Strongroom cluster holding many secrets.
 *
 * <p>Pure parts (percentiles, medians, the JSON report, the SVG chart) are in {@link Stats},
 * {@link Report} and {@link SvgChart}; the load itself is {@link ClosedLoop} over a
 * {@link Target}; {@link CompareEtcd} is the command line.
 */
package io.strongroom.bench.compare;
