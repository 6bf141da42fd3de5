namespace CxBot.Analysis.SemanticKernel;

public enum CircuitState { Closed, Open, HalfOpen }

/// <summary>
/// After <c>failureThreshold</c> consecutive failed requests the circuit opens: no request is sent
/// for <c>openFor</c>, and the embedded analyzer answers at once instead of everyone waiting for
/// time-outs. Then one trial request is let through (half-open): its success closes the circuit,
/// its failure opens it again.
/// </summary>
internal sealed class CircuitBreaker(int failureThreshold, TimeSpan openFor, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _consecutiveFailures;
    private DateTimeOffset _openUntil;
    private bool _open;
    private bool _trialInFlight;

    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return !_open ? CircuitState.Closed
                    : _trialInFlight || time.GetUtcNow() >= _openUntil ? CircuitState.HalfOpen
                    : CircuitState.Open;
            }
        }
    }

    /// <summary>Whether a request may be sent now; while half-open only the one trial may.</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            if (!_open)
            {
                return true;
            }

            if (_trialInFlight || time.GetUtcNow() < _openUntil)
            {
                return false;
            }

            _trialInFlight = true;
            return true;
        }
    }

    public void RecordSuccess()
    {
        lock (_gate)
        {
            _consecutiveFailures = 0;
            _open = false;
            _trialInFlight = false;
        }
    }

    /// <summary>A trial that ended without an answer either way (the caller gave up) lets the next request try.</summary>
    public void RecordAbandoned()
    {
        lock (_gate)
        {
            _trialInFlight = false;
        }
    }

    /// <summary>Returns true when this failure opened (or re-opened) the circuit.</summary>
    public bool RecordFailure()
    {
        lock (_gate)
        {
            _consecutiveFailures++;
            if (_trialInFlight || _consecutiveFailures >= failureThreshold)
            {
                _open = true;
                _trialInFlight = false;
                _openUntil = time.GetUtcNow() + openFor;
                return true;
            }

            return false;
        }
    }
}
