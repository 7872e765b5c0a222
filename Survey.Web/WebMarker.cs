namespace Survey.Web;

/// <summary>Names this assembly for WebApplicationFactory; both sites' Program classes are global and would collide.</summary>
public sealed class WebMarker;
