package dev.prognos.stack;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Creates the platform's Kafka topics on an existing cluster; existing ones are left alone.")
final class TopicsCommand implements Callable<Integer> {

    @Option(names = "--kafka", defaultValue = "${env:PROGNOS_KAFKA:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (env PROGNOS_KAFKA; default: ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", defaultValue = "1", description = "Replicas per partition (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    @Override
    public Integer call() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            List<String> created = TopicSetup.createAll(admin, partitions, replicationFactor);
            System.out.println(created.isEmpty() ? "all topics exist on " + kafka : "created " + created + " on " + kafka);
        }
        return 0;
    }
}
