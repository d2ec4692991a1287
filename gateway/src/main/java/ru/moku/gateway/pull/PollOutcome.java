package ru.moku.gateway.pull;

/** What one turn of a pull loop ended with; decides the pause before the next turn. */
public enum PollOutcome {
    /** A message was taken (stored and acknowledged): poll again at once. */
    MESSAGE,
    /** SMEV's queue was empty: back off, longer each time. */
    EMPTY,
    /** Something failed (Fault, HTTP error, timeout, storing, acknowledging): pause, then go on. */
    ERROR
}
