package android.graphics.drawable;

/** Stand-in for android.graphics.drawable.Drawable. */
public abstract class Drawable {
    public Drawable() {}

    public abstract int getIntrinsicWidth();

    public abstract int getIntrinsicHeight();
}
