package io.strongroom.raft.ratis;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RatisMetersTest {
  private static final MetricRegistryInfo INFO = new MetricRegistryInfo("n1@group-TEST", "ratis_test", "log_worker", "test registry");

  private final SimpleMeterRegistry published = new SimpleMeterRegistry();
  private final RatisMeters registries = new RatisMeters();
  private AutoCloseable publication;

  @BeforeEach
  void publish() {
    publication = RatisMeters.publishTo(published);
  }

  @AfterEach
  void unpublish() throws Exception {
    registries.clear();
    publication.close();
  }

  @Test
  void ratisFindsThisImplementationAndNotItsDropwizardDefault() {
    assertThat(MetricRegistries.global()).isInstanceOf(RatisMeters.class);
  }

  @Test
  void aTimingShowsInThePublishedRegistryTaggedWithItsMember() {
    Timekeeper sync = registries.create(INFO).timer("syncTime");
    long elapsed = sync.time().stop();

    Timer timer = published.find("ratis_test.log_worker.syncTime").tag("member", "n1@group-TEST").timer();
    assertThat(timer).isNotNull();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(elapsed).isNotNegative();
    assertThat((long) timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(elapsed);
  }

  @Test
  void aRegistryCreatedTwiceKeepsItsMetersUntilItsLastRemoval() {
    RatisMetricRegistry first = registries.create(INFO);
    RatisMetricRegistry second = registries.create(INFO);
    assertThat(second).isSameAs(first);
    first.timer("flushTime").time().stop();

    assertThat(registries.remove(INFO)).isFalse();
    assertThat(published.find("ratis_test.log_worker.flushTime").timer()).isNotNull();
    assertThat(registries.remove(INFO)).isTrue();
    assertThat(published.find("ratis_test.log_worker.flushTime").timer()).isNull();
    assertThat(registries.get(INFO)).isEmpty();
  }

  @Test
  void countersGoBothWaysAndAreReadBack() {
    LongCounter pending = registries.create(INFO).counter("pending");
    pending.inc(5);
    pending.dec();
    assertThat(pending.getCount()).isEqualTo(4);
    assertThat(published.find("ratis_test.log_worker.pending").gauge().value()).isEqualTo(4.0);
    assertThat(registries.create(INFO).counter("pending")).as("the same name is the same counter").isSameAs(pending);
  }

  @Test
  void aGaugeRegisteredAgainReadsItsNewSupplier() {
    RatisMetricRegistry r = registries.create(INFO);
    AtomicLong before = new AtomicLong(7);
    AtomicLong after = new AtomicLong(11);
    r.gauge("lastIndex", () -> before::get);
    assertThat(published.find("ratis_test.log_worker.lastIndex").gauge().value()).isEqualTo(7.0);
    r.gauge("lastIndex", () -> after::get);
    assertThat(published.find("ratis_test.log_worker.lastIndex").gauges()).hasSize(1);
    assertThat(published.find("ratis_test.log_worker.lastIndex").gauge().value()).isEqualTo(11.0);
    r.gauge("role", () -> () -> "LEADER");
    assertThat(published.find("ratis_test.log_worker.role").gauge().value()).as("not a number").isNaN();
  }

  @Test
  void afterThePublicationClosesTimingsNoLongerReachTheRegistry() throws Exception {
    Timekeeper sync = registries.create(INFO).timer("syncTime");
    sync.time().stop();
    publication.close();
    sync.time().stop();
    assertThat(published.find("ratis_test.log_worker.syncTime").timer().count()).isEqualTo(1);
    publication = RatisMeters.publishTo(published); // for @AfterEach
  }
}
