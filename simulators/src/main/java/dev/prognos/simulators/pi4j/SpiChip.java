package dev.prognos.simulators.pi4j;

/** A chip on a simulated SPI bus: one full-duplex transfer per chip-select frame. */
public interface SpiChip {

    /** Shifts {@code mosi} out to the chip and returns what it shifted back on MISO, byte for byte. */
    byte[] transfer(byte[] mosi);
}
