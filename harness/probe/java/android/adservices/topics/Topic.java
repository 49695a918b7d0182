package android.adservices.topics;

/** Stand-in for android.adservices.topics.Topic (an id of the Topics taxonomy). */
public final class Topic {
    private final long mTaxonomyVersion;
    private final long mModelVersion;
    private final int mTopicId;

    public Topic(long taxonomyVersion, long modelVersion, int topicId) {
        mTaxonomyVersion = taxonomyVersion;
        mModelVersion = modelVersion;
        mTopicId = topicId;
    }

    public int getTopicId() {
        return mTopicId;
    }

    @Override
    public String toString() {
        return "Topic{mTaxonomyVersion=" + mTaxonomyVersion + ", mModelVersion=" + mModelVersion + ", mTopicCode="
                + mTopicId + "}";
    }
}
