package android.telephony;

/** Stand-in for android.telephony.ServiceState. */
public class ServiceState {
    private final String mOperator;
    private final String mNumeric;

    ServiceState(String operator, String numeric) {
        mOperator = operator;
        mNumeric = numeric;
    }

    public String getOperatorAlphaLong() {
        return mOperator;
    }

    public String getOperatorNumeric() {
        return mNumeric;
    }

    @Override
    public String toString() {
        return "{mVoiceRegState=0(IN_SERVICE), mOperatorAlphaLong=" + mOperator + ", mOperatorNumeric=" + mNumeric + "}";
    }
}
