namespace Survey.Core.Data;

/// <summary>
/// The store the configuration names cannot be used (an unknown Survey:Database, a connection string
/// that does not parse, a database that cannot be opened or created): the site says so in one line
/// at start and stops, rather than starting without its store or printing a stack trace.
/// </summary>
public sealed class StoreConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
