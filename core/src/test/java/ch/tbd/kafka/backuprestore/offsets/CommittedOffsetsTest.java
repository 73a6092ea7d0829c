package ch.tbd.kafka.backuprestore.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommittedOffsetsTest {

    private static OffsetsTopicRecord commit(String group, int partition, long offset, long at) {
        return new OffsetsTopicRecord.Commit(group, "orders", partition, offset, -1, "", at);
    }

    @Test
    void shouldKeepEachGroupsLatestCommitAsOfATime() {
        CommittedOffsets latest = new CommittedOffsets(GroupFilter.of("billing"), Long.MAX_VALUE);
        CommittedOffsets earlier = new CommittedOffsets(GroupFilter.of("billing"), 2_000);
        OffsetsTopicRecord[] records = {commit("billing", 0, 10, 1_000), commit("billing", 0, 20, 2_000),
                commit("billing", 0, 30, 3_000), commit("unselected", 0, 5, 1_000), commit("billing", 1, 7, 1_500),
                new OffsetsTopicRecord.Commit("billing", "orders", 1, 99, -1, CommittedOffsets.BACKUP_COMMIT_METADATA,
                        1_600),
                new OffsetsTopicRecord.OtherGroupRecord(3, "billing"), new OffsetsTopicRecord.Unknown("?")};
        for (OffsetsTopicRecord record : records) {
            latest.apply(record, 0);
            earlier.apply(record, 0);
        }

        assertThat(latest.offsets()).extracting(CommittedOffset::partition, CommittedOffset::offset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 30L), org.assertj.core.groups.Tuple.tuple(1, 7L));
        assertThat(earlier.offsets()).extracting(CommittedOffset::offset).containsExactly(20L, 7L);
        assertThat(latest.unknownRecords()).isEqualTo(1);
    }

    @Test
    void shouldForgetADeletedCommitOnlyFromTheTimeOfItsTombstone() {
        CommittedOffsets latest = new CommittedOffsets(GroupFilter.of(".*"), Long.MAX_VALUE);
        CommittedOffsets before = new CommittedOffsets(GroupFilter.of(".*"), 5_000);
        for (CommittedOffsets offsets : new CommittedOffsets[] {latest, before}) {
            offsets.apply(commit("billing", 0, 10, 1_000), 1_000);
            offsets.apply(new OffsetsTopicRecord.CommitDeleted("billing", "orders", 0), 9_000);
        }

        assertThat(latest.offsets()).isEmpty();
        assertThat(before.offsets()).extracting(CommittedOffset::offset).containsExactly(10L);
    }
}
