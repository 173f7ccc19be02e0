package dev.prognos.trainer;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress of long work (stages, folds) on stderr, so stdout carries only the results. */
final class Progress {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Progress() {
    }

    static void say(String line) {
        System.err.println(LocalTime.now().format(TIME) + " " + line);
        System.err.flush();
    }
}
