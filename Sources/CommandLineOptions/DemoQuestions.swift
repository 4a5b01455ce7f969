/// The sample questions `grounded demo` answers over `Corpus/` and `grounded-lab bench engine` times
/// by default: six the corpus answers and one it must decline.
public enum DemoQuestions {
    public static let all = [
        "How long do I have to return an item?",
        "When will I get my refund?",
        "My thermostat keeps going offline. What should I do?",
        "How much does Lumen Plus cost?",
        "Can I use Lumen Glow bulbs with a dimmer switch?",
        "How long does the Lumen Eye camera battery last?",
        "Do you repair electric scooters?",
    ]
}
