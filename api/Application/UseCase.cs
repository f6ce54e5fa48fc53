namespace Journey.Api.Application;

/// <summary>A command or query of the application, as the pipeline sees it: the access it needs and its own input checks.</summary>
public interface IUseCase
{
    Access Access { get; }

    /// <summary>Adds what is wrong with the request's own fields (its keys are checked by the pipeline first).</summary>
    void Check(InputCheck check);
}

/// <summary>
/// A command or query both APIs serve, answered by the one <see cref="IHandler{TRequest, TAnswer}"/> registered for
/// it once <see cref="UseCasePipeline"/> has checked the caller's access and the input. <typeparamref name="TSelf"/> is the
/// request's own type, so that <c>useCases.SendAsync(caller, new GetCustomer(…))</c> finds its handler and answer type.
/// </summary>
public abstract record UseCase<TSelf, TAnswer> : IUseCase
    where TSelf : UseCase<TSelf, TAnswer>
{
    public abstract Access Access { get; }

    public virtual void Check(InputCheck check)
    {
    }
}

/// <summary>A stream both APIs serve (a customer's changes, a tenant's actions), opened by its <see cref="IFeedHandler{TRequest, TItem}"/> once admitted.</summary>
public abstract record Feed<TSelf, TItem> : IUseCase
    where TSelf : Feed<TSelf, TItem>
{
    public abstract Access Access { get; }

    public virtual void Check(InputCheck check)
    {
    }
}
