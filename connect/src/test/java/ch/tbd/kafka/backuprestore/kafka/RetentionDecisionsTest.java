package ch.tbd.kafka.backuprestore.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.tbd.kafka.backuprestore.retention.RetentionDecision;
import ch.tbd.kafka.backuprestore.retention.RetentionSetting;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetentionDecisionsTest {

    @Test
    void shouldDecideWithoutAClusterWhatNeedsNone() throws Exception {
        RetentionDecisions derive = new RetentionDecisions(RetentionSetting.DERIVE, 7, Optional.empty());

        Map<String, RetentionDecision> decided = derive.decide(List.of("orders", "__consumer_offsets"));

        assertThat(derive.lacksCluster(List.of("orders", "__consumer_offsets"))).isTrue();
        assertThat(derive.lacksCluster(List.of("__consumer_offsets"))).as("never expires, whatever the cluster says")
                .isFalse();
        assertThat(decided).containsOnlyKeys("__consumer_offsets");
        assertThat(decided.get("__consumer_offsets").expires()).isFalse();
    }

    @Test
    void shouldApplyFixedDaysToEveryTopicButTheOffsetsTopic() throws Exception {
        RetentionDecisions fixed = new RetentionDecisions(RetentionSetting.parse("5"), 7, Optional.empty());

        Map<String, RetentionDecision> decided = fixed.decide(List.of("orders", "__consumer_offsets"));

        assertThat(fixed.lacksCluster(List.of("orders"))).isFalse();
        assertThat(decided.get("orders").days()).isEqualTo(5);
        assertThat(decided.get("__consumer_offsets").expires()).isFalse();
    }
}
