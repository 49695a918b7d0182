package android.adservices.topics;

import java.util.List;

/** Stand-in for android.adservices.topics.GetTopicsResponse. */
public final class GetTopicsResponse {
    private final List<Topic> mTopics;

    public GetTopicsResponse(List<Topic> topics) {
        mTopics = topics;
    }

    public List<Topic> getTopics() {
        return mTopics;
    }
}
