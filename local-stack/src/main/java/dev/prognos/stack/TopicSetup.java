package dev.prognos.stack;

import dev.prognos.core.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the platform's topics (DESIGN.md §3) on a Kafka cluster; topics that exist are left as they are. */
public final class TopicSetup {

    /**
     * {@code max.message.bytes} of {@link Topics#MODELS}, bytes: a forest artifact is about 3 MB of
     * JSON, 0.9 MB once zstd-compressed in its batch, close to the broker's 1 MB default.
     */
    public static final int MODELS_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private TopicSetup() {
    }

    /**
     * @param partitions         partitions per topic
     * @param replicationFactor  1 on a single node, 3 on a production cluster
     * @return the topics that were created now (the others existed)
     */
    public static List<String> createAll(Admin admin, int partitions, short replicationFactor)
            throws InterruptedException {
        List<String> created = new ArrayList<>();
        for (String name : Topics.ALL) {
            NewTopic topic = new NewTopic(name, partitions, replicationFactor);
            if (Topics.MODELS.equals(name)) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MODELS_MAX_MESSAGE_BYTES)));
            } else if (Topics.isCompacted(name)) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            try {
                admin.createTopics(List.of(topic)).all().get();
                created.add(name);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("could not create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
        }
        return created;
    }
}
