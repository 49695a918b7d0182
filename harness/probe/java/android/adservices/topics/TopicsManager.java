package android.adservices.topics;

import android.content.Context;
import android.os.OutcomeReceiver;
import java.util.List;
import java.util.concurrent.Executor;

/** Stand-in for android.adservices.topics.TopicsManager (Privacy Sandbox Topics API). */
public final class TopicsManager {
    private TopicsManager() {}

    public static TopicsManager get(Context context) {
        return new TopicsManager();
    }

    /** Topic ids from the Topics taxonomy v1: 10017 (Arts & Entertainment / Humor), 10230 (Games / Puzzles). */
    public void getTopics(GetTopicsRequest request, Executor executor,
            OutcomeReceiver<GetTopicsResponse, Exception> callback) {
        GetTopicsResponse r = new GetTopicsResponse(List.of(new Topic(1, 2, 10017), new Topic(1, 2, 10230)));
        executor.execute(() -> callback.onResult(r));
    }
}
