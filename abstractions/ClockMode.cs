namespace Journey.Abstractions;

public enum ClockMode
{
    SYSTEM,
    SIMULATED,
}
