package dev.prognos.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IsoVibrationZonesTest {

    @ParameterizedTest(name = "{0}: {1} mm/s is zone {2}")
    @CsvSource({
            // ISO 10816-3 Table A.1 (group 1) and A.2 (group 2), boundaries belong to the upper zone.
            "group1-rigid,    2.29, A", "group1-rigid,    2.3, B", "group1-rigid,    4.5, C", "group1-rigid,    7.1, D",
            "group1-flexible, 3.49, A", "group1-flexible, 3.5, B", "group1-flexible, 7.1, C", "group1-flexible, 11.0, D",
            "group2-rigid,    1.39, A", "group2-rigid,    1.4, B", "group2-rigid,    2.8, C", "group2-rigid,    4.5, D",
            "group2-flexible, 2.29, A", "group2-flexible, 2.3, B", "group2-flexible, 4.5, C", "group2-flexible, 7.09, C",
            "group2-flexible, 7.1, D", "group2-flexible, 45, D"})
    void shouldPlaceTheVelocityInTheStandardsZone(String machineClass, double rms, char zone) {
        assertThat(IsoVibrationZones.parse(machineClass).zone(rms)).isEqualTo(zone);
    }

    @Test
    void shouldGiveTheLowerBoundaryOfEachAlertingZoneAndRefuseOthers() {
        assertThat(IsoVibrationZones.GROUP2_FLEXIBLE.lowerBoundary('C')).isEqualTo(4.5);
        assertThat(IsoVibrationZones.GROUP2_FLEXIBLE.lowerBoundary('D')).isEqualTo(7.1);
        assertThatThrownBy(() -> IsoVibrationZones.GROUP2_FLEXIBLE.lowerBoundary('A')).hasMessageContaining("got A");
        assertThatThrownBy(() -> IsoVibrationZones.parse("group3")).hasMessageContaining("group2-flexible");
    }
}
