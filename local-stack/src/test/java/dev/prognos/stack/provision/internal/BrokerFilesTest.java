package dev.prognos.stack.provision.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prognos.stack.provision.Account;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrokerFilesTest {

    private static Account device(String id, String site, String asset) {
        return new Account(id, Account.Role.DEVICE, site, asset, Account.Auth.PASSWORD, "$7$101$c2FsdA==$aGFzaA==", null);
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({
        "pump-007, plant-a, centrifugal-pump",
        "fan.12,   site_2,  axial-fan",
        "0x10,     no,      1e3",
    })
    void shouldGrantADeviceExactlyItsOwnTopicsUnderItsOwnSite(String id, String site, String asset) {
        String block = BrokerFiles.block(device(id, site, asset));

        String prefix = "prognos/v1/" + site + "/" + id + "/";
        assertThat(block.lines().filter(l -> !l.startsWith("#")).toList()).containsExactly(
                "user " + id,
                "topic write " + prefix + "telemetry",
                "topic write " + prefix + "status",
                "topic write " + prefix + "alert",
                "topic read " + prefix + "config",
                "topic read prognos/v1/models/" + asset);
    }

    @Test
    void shouldNeverGiveADeviceAWildcardOrAPattern() {
        String acl = BrokerFiles.aclFile(List.of(device("pump-1", "plant-a", "pump"), device("pump-2", "plant-b", "pump")));

        assertThat(acl.lines().filter(l -> l.startsWith("topic ") || l.startsWith("pattern ")))
                .hasSize(10)
                .allSatisfy(l -> assertThat(l).doesNotContain("+", "#", "%").startsWith("topic "));
    }

    @Test
    void shouldLetTheGatewayReadEveryDeviceAndWriteConfigAndModels() {
        Account gateway = new Account("gateway", Account.Role.GATEWAY, null, null, Account.Auth.PASSWORD, "$7$x", null);

        assertThat(BrokerFiles.block(gateway).lines().filter(l -> !l.startsWith("#")).toList()).containsExactly(
                "user gateway",
                "topic read prognos/v1/+/+/telemetry",
                "topic read prognos/v1/+/+/status",
                "topic read prognos/v1/+/+/alert",
                "topic write prognos/v1/+/+/config",
                "topic write prognos/v1/models/+");
    }

    @Test
    void shouldListOnlyPasswordAccountsInThePasswordFile() {
        Account certDevice = new Account("pump-9", Account.Role.DEVICE, "plant-a", "pump", Account.Auth.CERTIFICATE, null, BigInteger.TEN);

        String passwd = BrokerFiles.passwordFile(List.of(device("pump-1", "plant-a", "pump"), certDevice));

        assertThat(passwd).isEqualTo("pump-1:$7$101$c2FsdA==$aGFzaA==\n");
    }

    @Test
    void shouldStartTheAclWithCommentsOnlySoNothingAppliesToAnonymousClients() {
        String acl = BrokerFiles.aclFile(List.of(device("pump-1", "plant-a", "pump")));

        String beforeFirstUser = acl.substring(0, acl.indexOf("\nuser "));
        assertThat(beforeFirstUser.lines().filter(l -> !l.isBlank())).allSatisfy(l -> assertThat(l).startsWith("#"));
    }
}
