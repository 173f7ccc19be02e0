package dev.prognos.hardware.ds18b20;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prognos.hardware.SensorException;
import dev.prognos.hardware.ds18b20.internal.W1Slave;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The driver on a w1 sysfs tree laid out as the kernel's w1_therm driver lays it out, in a temporary directory. */
class Ds18b20Test {

    private static final String ID = "28-0316a2793aff";

    @TempDir
    Path devices;

    /** A w1_slave file for a scratchpad with this temperature register, 12-bit configuration and the given verdict. */
    private Path sensor(String id, int raw, String verdict) throws IOException {
        String bytes = String.format("%02x %02x 4b 46 7f ff 0c 10 57", raw & 0xFF, (raw >> 8) & 0xFF);
        return sensor(id, bytes + " : crc=57 " + verdict + "\n" + bytes + " t=" + (short) raw * 1000 / 16 + "\n");
    }

    private Path sensor(String id, String w1Slave) throws IOException {
        Path dir = Files.createDirectories(devices.resolve(id));
        Files.writeString(dir.resolve("w1_slave"), w1Slave);
        return dir;
    }

    @ParameterizedTest(name = "0x{0} = {1} °C")
    @CsvSource({
            // DS18B20 datasheet table 1, "Temperature/Data Relationship" (12-bit), except +85 °C (power-on value, below)
            "07D0,  125.0",
            "0191,  25.0625",
            "00A2,  10.125",
            "0008,  0.5",
            "FFF8, -0.5",
            "FF5E, -10.125",
            "FE6F, -25.0625",
            "FC90, -55.0"})
    void shouldConvertTheTemperatureRegisterAsTheDatasheetsTable(String rawHex, double celsius) throws IOException {
        int raw = Integer.parseInt(rawHex, 16);
        assertThat(W1Slave.celsius(raw)).isEqualTo(celsius);
        sensor(ID, raw, "YES");
        assertThat(new Ds18b20(devices, ID, "bearing_temp_c").readings()).containsEntry("bearing_temp_c", celsius);
    }

    @ParameterizedTest(name = "{0} bits, config 0x{1}: 0x0191 reads {2} °C")
    @CsvSource({
            // resolution from configuration bits R1..R0 (table 2); lower resolutions leave low bits undefined
            "9,  1f, 25.0",
            "10, 3f, 25.0",
            "11, 5f, 25.0",
            "12, 7f, 25.0625"})
    void shouldIgnoreTheBitsUndefinedAtLowerResolution(int bits, String configHex, double celsius) throws IOException {
        String bytes = "91 01 4b 46 " + configHex + " ff 0f 10 5a";
        sensor(ID, bytes + " : crc=5a YES\n" + bytes + " t=25062\n");
        assertThat(W1Slave.parse(Files.readString(devices.resolve(ID).resolve("w1_slave"))).resolutionBits()).isEqualTo(bits);
        assertThat(new Ds18b20(devices, ID, "t_c").readCelsius()).isEqualTo(celsius);
    }

    @Test
    void shouldRefuseACrcFailure() throws IOException {
        sensor(ID, 0x0191, "NO");
        assertThatThrownBy(() -> new Ds18b20(devices, ID, "t_c").readCelsius()).isInstanceOf(SensorException.class)
                .hasMessageContaining(ID).hasMessageContaining("CRC check failed").hasMessageContaining("pull-up");
    }

    @Test
    void shouldRefuseThePowerOnValue() throws IOException {
        sensor(ID, 0x0550, "YES");
        assertThatThrownBy(() -> new Ds18b20(devices, ID, "t_c").readCelsius()).isInstanceOf(SensorException.class)
                .hasMessageContaining(ID).hasMessageContaining("+85 °C, the power-on value");
    }

    @Test
    void shouldRefuseAnAllZeroScratchpadThatTheKernelPassesAsCrcYes() throws IOException {
        sensor(ID, "00 00 00 00 00 00 00 00 00 : crc=00 YES\n00 00 00 00 00 00 00 00 00 t=0\n");
        assertThatThrownBy(() -> new Ds18b20(devices, ID, "t_c").readCelsius()).isInstanceOf(SensorException.class)
                .hasMessageContaining("all zeros");
    }

    @Test
    void shouldReadTheTemperatureFileWhenThereIsNoW1Slave() throws IOException {
        Path dir = Files.createDirectories(devices.resolve(ID));
        Files.writeString(dir.resolve("temperature"), "-10125\n");
        assertThat(new Ds18b20(devices, ID, "t_c").readCelsius()).isEqualTo(-10.125);
        Files.writeString(dir.resolve("temperature"), "85000\n");
        assertThatThrownBy(() -> new Ds18b20(devices, ID, "t_c").readCelsius()).hasMessageContaining("power-on");
    }

    @Test
    void shouldFindTheOnlySensorAndNameThemWhenThereAreSeveral() throws IOException {
        sensor(ID, 0x0191, "YES");
        Files.createDirectories(devices.resolve("w1_bus_master1"));
        Files.createDirectories(devices.resolve("10-000802b5a8c1")); // a DS18S20: another family
        assertThat(new Ds18b20(devices, null, "t_c").id()).isEqualTo(ID);

        sensor("28-000005e2fdc3", 0x00A2, "YES");
        assertThatThrownBy(() -> new Ds18b20(devices, null, "t_c")).isInstanceOf(SensorException.class)
                .hasMessageContaining("2 sensors [28-000005e2fdc3, 28-0316a2793aff]").hasMessageContaining("give the id");
    }

    @Test
    void shouldSayWhatIsPresentWhenTheSensorIsNot() throws IOException {
        assertThatThrownBy(() -> new Ds18b20(devices.resolve("absent"), null, "t_c")).isInstanceOf(SensorException.class)
                .hasMessageContaining("no sensor").hasMessageContaining("dtoverlay=w1-gpio");
        sensor(ID, 0x0191, "YES");
        assertThatThrownBy(() -> new Ds18b20(devices, "28-00000000beef", "t_c")).isInstanceOf(SensorException.class)
                .hasMessageContaining("28-00000000beef: not found").hasMessageContaining(ID);
        assertThatThrownBy(() -> new Ds18b20(devices, "10-000802b5a8c1", "t_c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("28-");
    }

    @Test
    void shouldFailNamingTheFileWhenTheSensorIsUnpluggedAfterStart() throws IOException {
        Path dir = sensor(ID, 0x0191, "YES");
        Ds18b20 ds = new Ds18b20(devices, ID, "t_c");
        Files.delete(dir.resolve("w1_slave"));
        assertThatThrownBy(ds::readCelsius).isInstanceOf(SensorException.class)
                .hasMessageContaining("w1_slave is gone").hasMessageContaining("unplugged");
    }
}
