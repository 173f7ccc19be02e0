package dev.prognos.simulators.pi4j;

/**
 * A chip on a simulated I2C bus, seen at the level of bus transactions, as its datasheet describes
 * them: a write transaction carries bytes from the master (for a register chip, the register
 * pointer first, then data); a read transaction returns bytes from wherever the chip's pointer is.
 * A register read on Pi4J is a write of the pointer followed by a read (repeated start).
 *
 * <p>Calls for one chip come from one bus at a time (the simulated bus serialises them).
 */
public interface I2cChip {

    /** The master wrote {@code data} (never empty) to this chip. */
    void write(byte[] data);

    /** The master reads {@code length} bytes from this chip. */
    byte[] read(int length);
}
